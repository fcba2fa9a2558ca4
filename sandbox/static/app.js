"use strict";
// The demo page: every action goes through the sandbox's /sandbox/ API.
const state = { users: [], chats: [], chat: null, actor: null, thread: null, version: 0 };
const $ = (id) => document.getElementById(id);

async function api(path, options = {}) {
  const response = await fetch(path, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}
const post = (path, body) => api(path, { method: "POST", headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body) });

function toast(text) {
  if (!text) return;
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, 3000);
}

async function loadPeople() {
  state.users = await api("/sandbox/users");
  state.chats = await api("/sandbox/chats");
  const list = $("chats");
  list.innerHTML = "";
  for (const chat of state.chats) {
    const li = document.createElement("li");
    const title = chat.type === "private" ? chat.first_name : chat.title;
    li.innerHTML = `<span></span><span class="sub"></span>`;
    li.firstChild.textContent = title;
    li.lastChild.textContent = chat.type === "private" ? "private chat with the bot" :
      `team group · ${chat.topics.length} topic(s)`;
    li.dataset.chat = chat.id;
    if (state.chat && state.chat.id === chat.id) li.classList.add("active");
    li.onclick = () => select(chat.id);
    list.appendChild(li);
  }
}

async function select(chatId) {
  await loadPeople();
  state.chat = state.chats.find((c) => c.id === chatId);
  state.thread = null;
  const chat = state.chat;
  $("title").textContent = chat.type === "private" ? `${chat.first_name} ↔ Comanda bot` : chat.title;
  $("composer").hidden = false;
  const as = $("as");
  if (chat.type === "private") {
    state.actor = chat.id;
    as.hidden = true;
  } else {
    as.hidden = false;
    const select = $("actor");
    select.innerHTML = "";
    for (const id of chat.members) {
      const user = state.users.find((u) => u.id === id);
      const option = document.createElement("option");
      option.value = id;
      option.textContent = user ? user.first_name : id;
      select.appendChild(option);
    }
    state.actor = chat.members[0];
    select.onchange = () => { state.actor = Number(select.value); };
    renderTopics();
  }
  for (const li of document.querySelectorAll("#chats li")) {
    li.classList.toggle("active", Number(li.dataset.chat) === chatId);
  }
  await renderMessages();
}

function renderTopics() {
  const box = $("topics");
  box.innerHTML = "";
  const all = document.createElement("button");
  all.textContent = "All";
  all.className = state.thread === null ? "active" : "";
  all.onclick = () => { state.thread = null; renderTopics(); renderMessages(); };
  box.appendChild(all);
  for (const topic of state.chat.topics) {
    const button = document.createElement("button");
    button.textContent = topic.name;
    button.className = state.thread === topic.message_thread_id ? "active" : "";
    button.onclick = () => { state.thread = topic.message_thread_id; renderTopics(); renderMessages(); };
    box.appendChild(button);
  }
}

async function renderMessages() {
  if (!state.chat) return;
  const query = state.thread ? `?thread_id=${state.thread}` : "";
  const data = await api(`/sandbox/chats/${state.chat.id}/messages${query}`);
  const box = $("messages");
  const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 40;
  box.innerHTML = "";
  for (const message of data.messages) box.appendChild(renderMessage(message));
  if (atBottom) box.scrollTop = box.scrollHeight;
  renderReplyKeyboard(state.chat.type === "private" ? data.reply_keyboard : null);
}

function renderMessage(message) {
  const div = document.createElement("div");
  div.className = "msg" + (message.from && !message.from.is_bot ? " mine" : "");
  div.dataset.messageId = message.message_id;
  const from = document.createElement("div");
  from.className = "from";
  from.textContent = message.from ? message.from.first_name : "";
  div.appendChild(from);
  if (message.photo) {
    const img = document.createElement("img");
    img.src = `/sandbox/files/${message.photo[message.photo.length - 1].file_id}`;
    img.alt = "photo";
    div.appendChild(img);
  }
  if (message.document) {
    const link = document.createElement("a");
    link.href = `/sandbox/files/${message.document.file_id}`;
    link.download = message.document.file_name || "file";
    link.textContent = `📄 ${message.document.file_name || "file"}`;
    div.appendChild(link);
  }
  if (message.contact) {
    const p = document.createElement("div");
    p.textContent = `📱 ${message.contact.phone_number}`;
    div.appendChild(p);
  }
  if (message.new_chat_members) {
    const p = document.createElement("div");
    p.textContent = `joined: ${message.new_chat_members.map((u) => u.first_name).join(", ")}`;
    div.appendChild(p);
  }
  if (message.forum_topic_created) {
    const p = document.createElement("div");
    p.textContent = `🗂 topic “${message.forum_topic_created.name}” created`;
    div.appendChild(p);
  }
  if (message.html !== undefined) {
    const body = document.createElement("div");
    body.className = "body";
    body.innerHTML = message.html;  // rebuilt by the sandbox from text + entities, escaped
    div.appendChild(body);
  }
  if (message.edit_date) {
    const edited = document.createElement("span");
    edited.className = "edited";
    edited.textContent = "edited";
    div.appendChild(edited);
  }
  const keyboard = message.reply_markup && message.reply_markup.inline_keyboard;
  if (keyboard) {
    const box = document.createElement("div");
    box.className = "keyboard";
    for (const row of keyboard) {
      const line = document.createElement("div");
      line.className = "row";
      for (const key of row) {
        const button = document.createElement("button");
        button.textContent = key.text;
        button.onclick = () => press(message.message_id, key);
        line.appendChild(button);
      }
      box.appendChild(line);
    }
    div.appendChild(box);
  }
  return div;
}

function renderReplyKeyboard(markup) {
  const box = $("reply-keyboard");
  box.innerHTML = "";
  if (!markup) return;
  for (const row of markup.keyboard) {
    for (const key of row) {
      const button = document.createElement("button");
      button.textContent = key.text;
      button.onclick = () => key.request_contact ?
        post(`/sandbox/chats/${state.chat.id}/messages`, { from_user: state.actor, contact: true }) :
        send(key.text);
      box.appendChild(button);
    }
  }
}

async function press(messageId, key) {
  if (key.url) { window.open(key.url, "_blank"); return; }
  const answer = await post(`/sandbox/chats/${state.chat.id}/press`, { from_user: state.actor,
    message_id: messageId, callback_data: key.callback_data, wait: 5 });
  if (answer.answer && answer.answer.text) toast(answer.answer.text);
}

async function send(text) {
  const body = { from_user: state.actor, text };
  if (state.thread) body.message_thread_id = state.thread;
  await post(`/sandbox/chats/${state.chat.id}/messages`, body);
}

$("composer").onsubmit = async (event) => {
  event.preventDefault();
  const input = $("text");
  const text = input.value.trim();
  if (!text || !state.chat) return;
  input.value = "";
  await send(text);
};

$("file").onchange = async () => {
  const file = $("file").files[0];
  if (!file || !state.chat) return;
  const form = new FormData();
  form.append("from_user", state.actor);
  form.append("kind", file.type.startsWith("image/") ? "photo" : "document");
  if (state.thread) form.append("message_thread_id", state.thread);
  form.append("file", file, file.name);
  await fetch(`/sandbox/chats/${state.chat.id}/documents`, { method: "POST", body: form });
  $("file").value = "";
};

async function live() {
  for (;;) {
    try {
      const { version } = await api(`/sandbox/version?after=${state.version}&wait=20`);
      if (version !== state.version) {
        state.version = version;
        await loadPeople();
        if (state.chat) {
          state.chat = state.chats.find((c) => c.id === state.chat.id) || state.chat;
          if (state.chat.type !== "private") renderTopics();
          await renderMessages();
        }
      }
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

loadPeople().then(live);
