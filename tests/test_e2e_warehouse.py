"""/picklist: the warehouse's day for admins, as messages, an XLSX and a PDF (issue 18)."""

from __future__ import annotations

import asyncio
import io
from datetime import date, time
from pathlib import Path

from openpyxl import load_workbook

from domain.enums import Role
from sandbox import SandboxServer
from tests.harness import comanda, make_order, sandbox_limits

__all__ = ["sandbox_limits"]
TUESDAY = date(2026, 11, 24)  # the harness's clock is Monday 23 November, 10:00 in Paris


async def test_pick_list_and_delivery_sheet_of_a_day(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path) as h:
        vera = h.seed.admin
        async with h.store.tx() as tx:
            north = await tx.labels.create(h.seed.vendor_id, "Zone north")
            await tx.labels.assign(h.seed.customer_id, north.id)
            zinc = await tx.customers.create(
                vendor_id=h.seed.vendor_id,
                name="Café Zinc",
                customer_number="C-077",
                address="7 Quai Sud",
            )
        bistro = h.seed.customer_id
        await make_order(
            h, bistro, [("VEG-001", "2"), ("DAI-001", "6")], delivery=TUESDAY, comment="Back door"
        )
        await make_order(
            h, zinc.id, [("VEG-001", "1"), ("VEG-003", "4")], delivery=TUESDAY, status="confirmed"
        )
        await make_order(h, zinc.id, [("VEG-001", "9")], delivery=TUESDAY, status="cancelled")
        await make_order(h, bistro, [("VEG-002", "5")], delivery=date(2026, 11, 25))

        await h.say(vera, "/picklist")  # tomorrow by default
        picks = await h.expect(vera.id, "Pick list · ")
        text = picks["text"]
        assert "2 order(s) to deliver." in text
        assert "3 × Romaine lettuce" in text and "Bistro 42 2, Café Zinc 1" in text
        assert "6 × Whole milk" in text and "4 × Carrots" in text
        assert "Plum tomatoes" not in text  # Wednesday's
        assert text.index("Dairy") < text.index("Vegetables")
        sheet = await h.expect(vera.id, "Delivery sheet · ")
        assert sheet["text"].index("Zone north") < sheet["text"].index("No label")
        assert "42 Rue des Halles, Paris" in sheet["text"] and "Back door" in sheet["text"]

        def documents() -> list[dict[str, object]]:
            return [m for m in h.world.bot_messages(vera.id) if "document" in m]

        await h.world.wait_for(lambda: len(documents()) == 2, 8)
        xlsx, pdf = documents()
        data = h.world.files[xlsx["document"]["file_id"]].data  # type: ignore[index]
        book = load_workbook(io.BytesIO(data))
        rows = list(book["Pick list"].iter_rows(values_only=True))
        assert rows[0][:5] == ("Category", "product_id", "Product", "Unit", "Total")
        assert ("Vegetables", "VEG-001", "Romaine lettuce", "case 12 pcs", 3) in [
            r[:5] for r in rows
        ]
        deliveries = list(book["Delivery sheet"].iter_rows(values_only=True))
        assert [r[1] is not None for r in deliveries[1:]] == [True, True]
        assert {r[2] for r in deliveries[1:]} == {"Bistro 42", "Café Zinc"}
        assert pdf["document"]["file_name"] == "day-2026-11-24.pdf"  # type: ignore[index]
        pdf_data = h.world.files[pdf["document"]["file_id"]].data  # type: ignore[index]
        assert pdf_data.startswith(b"%PDF-") and pdf_data.count(b"/Type /Page\n") == 2

        h.mark(vera.id)
        await h.say(vera, "/picklist 26/11")  # a day nobody ordered for: no files
        await h.expect(vera.id, "No orders to deliver that day.")
        await h.say(vera, "/picklist someday")
        await h.expect(vera.id, "I could not read the date “someday”")
        assert len(documents()) == 2

        rita = h.world.create_user("Rita Rep")
        async with h.store.tx() as tx:
            await tx.team.add(h.seed.vendor_id, rita.id, "Rita", Role.REP)
        await h.say(rita, "/picklist")
        await h.expect(rita.id, "You are not allowed to do that.")
        stranger = h.world.create_user("Stranger")
        await h.say(stranger, "/picklist")
        await h.expect(stranger.id, "not linked to a supplier")


async def test_the_pick_list_reaches_the_admins_at_the_last_cutoff_when_asked(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with comanda(sandbox, tmp_path, reminder_interval=0.2) as h:
        vera = h.seed.admin
        rita = h.world.create_user("Rita Rep")
        async with h.store.tx() as tx:
            await tx.team.add(h.seed.vendor_id, rita.id, "Rita", Role.REP)
            late = await tx.customers.create(
                vendor_id=h.seed.vendor_id, name="Late Owl", customer_number="C-099"
            )
            # this customer may order until 16:00: the day's last cutoff
            await tx.customers.update(late.id, cutoff_override=True, cutoff_time=time(16, 0))
        await make_order(h, h.seed.customer_id, [("VEG-001", "2")], delivery=TUESDAY)
        await make_order(h, late.id, [("VEG-001", "1")], delivery=TUESDAY)

        def pick_lists(user_id: int) -> list[str]:
            return [
                m.get("text", "")
                for m in h.world.bot_messages(user_id)
                if "Pick list · " in m.get("text", "")
            ]

        h.clock.set_local(2026, 11, 23, 16, 5)
        await asyncio.sleep(1.0)
        assert pick_lists(vera.id) == []  # off by default
        await h.say(vera, "/settings")
        settings = await h.expect(
            vera.id, "The day's pick list to the admins at the last cutoff: no"
        )
        h.clock.set_local(2026, 11, 23, 14, 30)  # the vendor's 14:00 has passed, not Late Owl's
        await h.press(vera, settings, "Pick list at the cutoff")
        await h.expect(vera.id, "The day's pick list to the admins at the last cutoff: yes")
        await asyncio.sleep(1.0)
        assert pick_lists(vera.id) == []
        h.clock.set_local(2026, 11, 23, 16, 5)

        def files() -> list[dict[str, object]]:
            return [m for m in h.world.bot_messages(vera.id) if "document" in m]

        await h.world.wait_for(lambda: len(files()) == 2, 8)  # the XLSX and the PDF, too
        xlsx, pdf = files()
        assert xlsx["document"]["file_name"] == "day-2026-11-24.xlsx"  # type: ignore[index]
        assert pdf["document"]["file_name"] == "day-2026-11-24.pdf"  # type: ignore[index]
        assert "Pick list and delivery sheet for Tue 24 Nov." in str(xlsx["caption"])
        data = h.world.files[pdf["document"]["file_id"]].data  # type: ignore[index]
        assert data.startswith(b"%PDF")
        await asyncio.sleep(1.0)  # later looks send nothing twice
        assert len(files()) == 2
        (sent,) = pick_lists(vera.id)
        assert "3 × Romaine lettuce" in sent and "Late Owl 1" in sent
        sheets = [
            m for m in h.world.bot_messages(vera.id) if "Delivery sheet · " in m.get("text", "")
        ]
        assert len(sheets) == 1 and pick_lists(rita.id) == []  # admins only
