// Live updates over Mentora's WebSockets (API.md §5): the header counts on every page, new
// notifications on the notifications page, conversation previews in the inbox, and the chat
// thread (messages, typing, read receipts, presence).
// Every page works without this file by plain form posts and reloads; when a socket is down the
// page's status line says so, and the script keeps trying to reconnect with a growing delay.
// Nothing sent while a socket was down is lost: once it is open again the page asks the REST
// list for what it missed (newest first, up to the newest item it already shows) and adds each
// item once, by id, whether it comes from that list or from the socket.
(function () {
  "use strict";

  var config = document.querySelector("[data-realtime]");
  if (!config || !("WebSocket" in window)) {
    return;
  }
  var token = config.getAttribute("data-token");
  var tokenUrl = config.getAttribute("data-token-url");
  var csrf = config.getAttribute("data-csrf");

  var CLOSE_UNAUTHORIZED = 4401;
  var CLOSE_REFUSED = [4403, 4404];
  // 1013 "try again later" (the server's Redis is down) is retried like a lost connection.
  var STATUS_TEXT = {
    live: "Live updates are on.",
    connecting: "Connecting for live updates…",
    off: "Live updates are off: reload the page to see anything new. Trying to reconnect…",
    refused: "Live updates are not available here: reload the page to see anything new."
  };

  function setStatus(socketName, state) {
    var nodes = document.querySelectorAll('[data-live-status="' + socketName + '"]');
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].getAttribute("data-state") !== state) {
        nodes[i].setAttribute("data-state", state);
        nodes[i].textContent = STATUS_TEXT[state];
      }
    }
  }

  function refreshToken() {
    return fetch(tokenUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("token refresh failed");
      }
      return response.json();
    }).then(function (body) {
      token = body.token;
    });
  }

  // A socket that reconnects by itself: 1 s, 2 s, 4 s ... up to 30 s between tries. A refused
  // socket (4403/4404) is not retried; an expired token (4401) is renewed through the session.
  // onOpen runs on every open, onReconnect on every open after the first (to catch up).
  function LiveSocket(name, path, onEvent) {
    this.name = name;
    this.path = path;
    this.onEvent = onEvent;
    this.delay = 1000;
    this.ws = null;
    this.open = false;
    this.wasOpen = false;
    this.connect();
  }

  LiveSocket.prototype.connect = function () {
    var self = this;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    setStatus(self.name, "connecting");
    var ws = new WebSocket(scheme + window.location.host + self.path + "?token=" + encodeURIComponent(token));
    self.ws = ws;
    ws.onopen = function () {
      var reconnected = self.wasOpen;
      self.open = true;
      self.wasOpen = true;
      self.delay = 1000;
      setStatus(self.name, "live");
      if (self.onOpen) {
        self.onOpen();
      }
      if (reconnected && self.onReconnect) {
        self.onReconnect();
      }
    };
    ws.onmessage = function (frame) {
      var event;
      try {
        event = JSON.parse(frame.data);
      } catch (err) {
        return;
      }
      self.onEvent(event, self);
    };
    ws.onclose = function (closeEvent) {
      self.open = false;
      if (CLOSE_REFUSED.indexOf(closeEvent.code) !== -1) {
        setStatus(self.name, "refused");
        return;
      }
      setStatus(self.name, "off");
      var retry = function () {
        window.setTimeout(function () { self.connect(); }, self.delay);
        self.delay = Math.min(self.delay * 2, 30000);
      };
      if (closeEvent.code === CLOSE_UNAUTHORIZED) {
        refreshToken().then(retry, retry);
      } else {
        retry();
      }
    };
  };

  LiveSocket.prototype.send = function (payload) {
    if (!this.open) {
      return false;
    }
    this.ws.send(JSON.stringify(payload));
    return true;
  };

  // Other pages' scripts (static/js/community.js) open their sockets through the same class, so
  // every socket reconnects, renews its token and reports its state the same way.
  window.MentoraLive = { LiveSocket: LiveSocket };

  // What a list (newest first, API.md §0) holds that the page does not show yet: its pages in
  // order until an item the page shows (`isShown`), newest first. Called once the socket is open
  // again, so anything newer arrives over the socket; the page adds both, each id once.
  var CATCH_UP_PAGE_SIZE = 50;
  var CATCH_UP_MAX_PAGES = 10;

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("catch-up failed: " + response.status);
        }
        return response.json();
      });
  }

  function missedItems(url, isShown) {
    var missed = [];
    function page(number) {
      var sep = url.indexOf("?") === -1 ? "?" : "&";
      return fetchJson(url + sep + "page=" + number + "&limit=" + CATCH_UP_PAGE_SIZE).then(function (body) {
        for (var i = 0; i < body.items.length; i++) {
          if (isShown(body.items[i])) {
            return missed;
          }
          missed.push(body.items[i]);
        }
        return number < body.pages && number < CATCH_UP_MAX_PAGES ? page(number + 1) : missed;
      });
    }
    return page(1);
  }

  // --- header counts ---------------------------------------------------------------------------

  function setCount(selector, value) {
    var badge = document.querySelector(selector);
    if (!badge) {
      return;
    }
    badge.querySelector("[data-count]").textContent = String(value);
    badge.hidden = !value;
  }

  function formatTime(iso) {
    var date = new Date(iso);
    return date.toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // --- notifications page and inbox ------------------------------------------------------------

  // A waitlist offer (a freed time held for this learner): accept opens the offer page, decline
  // passes the time on, and a countdown (static/js/bookings.js) runs to the end of the hold.
  // The countdown counts from the notification's own server time, so the browser's clock
  // does not matter.
  function offerActions(list, notification) {
    var data = notification.data || {};
    var template = list.getAttribute("data-offer-decline-url-template");
    if (notification.type !== "waitlist_offer" || !data.offer_id || !data.expires_at || !template) {
      return null;
    }
    var box = el("div", "notification__offer");
    box.setAttribute("data-offer", "");
    if (/^\/(?![\/\\])/.test(notification.action_url || "")) {
      var accept = el("a", "button", "Accept");
      accept.href = notification.action_url;
      accept.setAttribute("data-offer-action", "");
      accept.appendChild(el("span", "visually-hidden", ": " + notification.title));
      box.appendChild(accept);
    }
    var form = el("form", "inline-form");
    form.method = "post";
    form.action = template.replace("00000000-0000-0000-0000-000000000000", data.offer_id);
    var token = el("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrf;
    form.appendChild(token);
    var next = el("input");
    next.type = "hidden";
    next.name = "next";
    next.value = window.location.pathname + window.location.search;
    form.appendChild(next);
    var decline = el("button", "button button--secondary", "Decline");
    decline.type = "submit";
    decline.setAttribute("data-offer-action", "");
    decline.appendChild(el("span", "visually-hidden", ": " + notification.title));
    form.appendChild(decline);
    box.appendChild(form);
    var countdown = el("span", "countdown");
    countdown.setAttribute("data-countdown", "");
    countdown.setAttribute("data-expires-at", data.expires_at);
    countdown.setAttribute("data-server-now", notification.created_at);
    box.appendChild(countdown);
    return box;
  }

  function addNotification(notification) {
    var list = document.querySelector("[data-notification-list]");
    if (!list || list.querySelector('[data-notification-id="' + notification.id + '"]')) {
      return;
    }
    var empty = list.querySelector("[data-notifications-empty]");
    if (empty) {
      empty.remove();
    }
    var item = el("li", "notification notification--unread");
    item.setAttribute("data-notification-id", notification.id);
    var body = el("div", "notification__body");
    var title = el("p", "notification__title");
    title.appendChild(el("span", "visually-hidden", "Unread: "));
    title.appendChild(el("strong", "", notification.title));
    body.appendChild(title);
    if (notification.body) {
      body.appendChild(el("p", "notification__text", notification.body));
    }
    var offer = offerActions(list, notification);
    if (offer) {
      body.appendChild(offer);
    }
    var when = el("p", "muted");
    var time = el("time", "", formatTime(notification.created_at));
    time.setAttribute("datetime", notification.created_at);
    when.appendChild(time);
    body.appendChild(when);
    item.appendChild(body);
    if (notification.action_url && /^\/(?![\/\\])/.test(notification.action_url)) {
      var actions = el("div", "notification__actions");
      var link = el("a", "button button--secondary", "Open");
      link.href = notification.action_url;
      actions.appendChild(link);
      item.appendChild(actions);
    }
    list.insertBefore(item, list.firstChild);
  }

  function markNotificationsRead(ids) {
    for (var i = 0; i < ids.length; i++) {
      var item = document.querySelector('[data-notification-id="' + ids[i] + '"]');
      if (item) {
        item.classList.remove("notification--unread");
        var hidden = item.querySelector(".notification__title .visually-hidden");
        if (hidden) {
          hidden.remove();
        }
      }
    }
  }

  function updateInbox(message, mine) {
    var inbox = document.querySelector("[data-inbox]");
    if (!inbox) {
      return;
    }
    var row = inbox.querySelector('[data-conversation-id="' + message.conversation_id + '"]');
    if (!row) {
      var otherId = mine ? message.recipient_id : message.sender_id;
      row = el("li", "inbox__row");
      row.setAttribute("data-conversation-id", message.conversation_id);
      var body = el("div", "inbox__body");
      var name = el("p", "inbox__name");
      var link = el("a", "", "New conversation");
      link.href = inbox.getAttribute("data-thread-url-template").replace("00000000-0000-0000-0000-000000000000", otherId);
      name.appendChild(link);
      var badge = el("span", "badge badge--count");
      badge.setAttribute("data-unread", "");
      badge.hidden = true;
      var count = el("span", "", "0");
      count.setAttribute("data-count", "");
      badge.appendChild(count);
      badge.appendChild(document.createTextNode(" unread"));
      name.appendChild(document.createTextNode(" "));
      name.appendChild(badge);
      body.appendChild(name);
      var preview = el("p", "inbox__preview");
      preview.setAttribute("data-preview", "");
      body.appendChild(preview);
      row.appendChild(body);
      var empty = document.querySelector("[data-inbox-empty]");
      if (empty) {
        empty.remove();
      }
    }
    row.querySelector("[data-preview]").textContent = (mine ? "You: " : "") + message.text;
    if (!mine) {
      var unread = row.querySelector("[data-unread]");
      var counter = unread.querySelector("[data-count]");
      counter.textContent = String(parseInt(counter.textContent, 10) + 1);
      unread.hidden = false;
      row.classList.add("inbox__row--unread");
    }
    inbox.insertBefore(row, inbox.firstChild);
  }

  var onThreadPage = !!document.querySelector("[data-thread]");

  // The unread counts come with every (re)opened socket; the notifications page, when it shows
  // the newest page, also adds the notifications it missed, oldest first so the newest is on top.
  function catchUpNotifications() {
    var list = document.querySelector("[data-notification-list][data-catch-up-url]");
    if (!list) {
      return;
    }
    var isShown = function (notification) {
      return !!list.querySelector('[data-notification-id="' + notification.id + '"]');
    };
    missedItems(list.getAttribute("data-catch-up-url"), isShown).then(function (missed) {
      for (var i = missed.length - 1; i >= 0; i--) {
        addNotification(missed[i]);
      }
    }, function () {});
  }

  var notifications = new LiveSocket("notifications", "/ws/notifications/", function (event) {
    if (event.type === "unread.count") {
      setCount("[data-unread-notifications]", event.notifications);
      setCount("[data-unread-messages]", event.messages);
      var total = document.querySelector("[data-unread-total]");
      if (total) {
        total.textContent = String(event.notifications);
      }
    } else if (event.type === "notification.new") {
      addNotification(event.notification);
    } else if (event.type === "notification.read") {
      markNotificationsRead(event.notification_ids || []);
    } else if (event.type === "message.new" && !onThreadPage) {
      updateInbox(event.message, false);
    } else if (event.type === "message.sent" && !onThreadPage) {
      updateInbox(event.message, true);
    }
  });
  notifications.onReconnect = catchUpNotifications;

  // --- the chat thread -------------------------------------------------------------------------

  var thread = document.querySelector("[data-thread]");
  if (!thread) {
    return;
  }
  var otherId = thread.getAttribute("data-other-id");
  var meId = thread.getAttribute("data-me-id");
  var otherName = thread.getAttribute("data-other-name");
  var log = thread.querySelector("[data-chat-log]");
  var typingNote = thread.querySelector("[data-typing]");
  var presence = thread.querySelector("[data-presence]");
  var form = thread.querySelector("[data-message-form]");
  var input = form ? form.querySelector("[data-message-input]") : null;
  var fileInput = form ? form.querySelector("[data-file-input]") : null;
  var sendError = form ? form.querySelector("[data-send-error]") : null;
  var downloadTemplate = thread.getAttribute("data-download-url-template");
  var typingTimer = null;
  var lastTypingSent = 0;
  var typingHideTimer = null;

  function findMessage(id) {
    return log.querySelector('[data-message-id="' + id + '"]');
  }

  function fillMessage(item, message) {
    var mine = message.sender_id === meId;
    item.className = "chat-message" + (mine ? " chat-message--mine" : "") + (message.is_deleted ? " chat-message--deleted" : "");
    item.setAttribute("data-message-id", message.id);
    item.setAttribute("data-mine", mine ? "true" : "false");
    item.id = "m-" + message.id;
    item.textContent = "";
    var meta = el("p", "chat-message__meta");
    meta.appendChild(el("span", "chat-message__author", mine ? "You" : otherName));
    meta.appendChild(document.createTextNode(" "));
    var time = el("time", "", formatTime(message.created_at));
    time.setAttribute("datetime", message.created_at);
    meta.appendChild(time);
    if (message.edited_at && !message.is_deleted) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", "chat-message__edited", "(edited)"));
    }
    if (message.ai_generated) {
      // Issue 19: a message the sender's assistant wrote says so to both people.
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", "chat-message__ai", mine ? "(sent by your assistant)" : "(sent by their assistant)"));
    }
    item.appendChild(meta);
    var text = el("p", "chat-message__text", message.text);
    text.setAttribute("data-text", "");
    item.appendChild(text);
    if (!message.is_deleted && message.attachments && message.attachments.length) {
      var files = el("ul", "chat-message__files");
      files.setAttribute("aria-label", "Attachments");
      for (var i = 0; i < message.attachments.length; i++) {
        var file = message.attachments[i];
        var entry = el("li");
        var link = el("a", "", file.filename);
        link.href = downloadTemplate.replace("00000000-0000-0000-0000-000000000000", file.id);
        link.setAttribute("download", "");
        entry.appendChild(link);
        files.appendChild(entry);
      }
      item.appendChild(files);
    }
    if (mine) {
      var receipt = el("p", "chat-message__receipt", message.is_read ? "Seen" : "Sent");
      receipt.setAttribute("data-receipt", "");
      item.appendChild(receipt);
    }
    return item;
  }

  function appendMessage(message) {
    var existing = findMessage(message.id);
    if (existing) {
      fillMessage(existing, message);
      return existing;
    }
    var empty = log.querySelector("[data-chat-empty]");
    if (empty) {
      empty.remove();
    }
    var item = fillMessage(el("li"), message);
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function markSeen(messageIds) {
    for (var i = 0; i < messageIds.length; i++) {
      var item = findMessage(messageIds[i]);
      var receipt = item ? item.querySelector("[data-receipt]") : null;
      if (receipt) {
        receipt.textContent = "Seen";
      }
    }
  }

  function lastReceivedId() {
    var received = log.querySelectorAll('[data-mine="false"][data-message-id]');
    return received.length ? received[received.length - 1].getAttribute("data-message-id") : null;
  }

  function sendRead(chat) {
    var id = lastReceivedId();
    if (id && document.visibilityState === "visible") {
      chat.send({ type: "message.read", up_to_message_id: id });
    }
  }

  function showTyping(isTyping) {
    if (!typingNote) {
      return;
    }
    typingNote.hidden = !isTyping;
    window.clearTimeout(typingHideTimer);
    if (isTyping) {
      // A lost "stopped typing" (closed tab) must not leave the note up forever.
      typingHideTimer = window.setTimeout(function () { typingNote.hidden = true; }, 8000);
    }
  }

  function showPresence(event) {
    if (!presence || event.user_id !== otherId) {
      return;
    }
    if (event.status === "online") {
      presence.textContent = "Online";
    } else if (event.last_seen_at) {
      presence.textContent = "Offline · last seen " + formatTime(event.last_seen_at);
    } else {
      presence.textContent = "Offline";
    }
  }

  function showSendError(text) {
    if (!sendError) {
      return;
    }
    sendError.textContent = text;
    sendError.hidden = !text;
  }

  var pending = {};

  var chat = new LiveSocket("chat", "/ws/chat/" + otherId + "/", function (event, socket) {
    if (event.type === "message.new") {
      appendMessage(event.message);
      showTyping(false);
      sendRead(socket);
    } else if (event.type === "message.sent") {
      var clientId = event.client_id;
      if (clientId && pending[clientId]) {
        pending[clientId].remove();
        delete pending[clientId];
      }
      appendMessage(event.message);
    } else if (event.type === "message.updated" || event.type === "message.deleted") {
      if (findMessage(event.message.id)) {
        appendMessage(event.message);
      }
    } else if (event.type === "message.read") {
      if (event.reader_id === otherId) {
        markSeen(event.message_ids || []);
      }
    } else if (event.type === "typing") {
      if (event.user_id === otherId) {
        showTyping(event.is_typing);
      }
    } else if (event.type === "presence") {
      showPresence(event);
    } else if (event.type === "error") {
      var failed = event.client_id && pending[event.client_id];
      if (failed) {
        failed.remove();
        delete pending[event.client_id];
        if (input && !input.value) {
          input.value = failed.getAttribute("data-pending-text");
        }
      }
      showSendError(event.message || "The message could not be sent.");
    }
  });
  chat.onOpen = function () { sendRead(chat); };

  // Messages either person sent while the chat socket was down, oldest first.
  function catchUpMessages() {
    var conversations = thread.getAttribute("data-conversations-url") + "?participant_id=" + encodeURIComponent(otherId);
    fetchJson(conversations).then(function (body) {
      if (!body.items.length) {
        return [];
      }
      var url = thread.getAttribute("data-messages-url-template")
        .replace("00000000-0000-0000-0000-000000000000", body.items[0].id);
      return missedItems(url, function (message) { return !!findMessage(message.id); });
    }).then(function (missed) {
      for (var i = missed.length - 1; i >= 0; i--) {
        appendMessage(missed[i]);
      }
      if (missed.length) {
        sendRead(chat);
      }
    }, function () {});
  }
  // A message still "Sending…" may or may not have reached the server before the socket went
  // down. Sending it again with the same client_id is safe: the server stores a client_id once
  // and answers message.sent for it either way, which replaces the pending line.
  function resendPending() {
    for (var clientId in pending) {
      if (Object.prototype.hasOwnProperty.call(pending, clientId)) {
        chat.send({ type: "message.send", text: pending[clientId].getAttribute("data-pending-text"), client_id: clientId });
      }
    }
  }
  chat.onReconnect = function () {
    resendPending();
    catchUpMessages();
  };

  document.addEventListener("visibilitychange", function () { sendRead(chat); });

  if (form && input) {
    input.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTypingSent > 3000) {
        lastTypingSent = now;
        chat.send({ type: "typing", is_typing: true });
      }
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(function () {
        lastTypingSent = 0;
        chat.send({ type: "typing", is_typing: false });
      }, 4000);
    });

    form.addEventListener("submit", function (submitEvent) {
      var hasFiles = fileInput && fileInput.files && fileInput.files.length > 0;
      var text = input.value.trim();
      // Files, or no socket: the ordinary form post does the work (and reloads the page).
      if (hasFiles || !chat.open || !text) {
        return;
      }
      submitEvent.preventDefault();
      var clientId = "c" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
      if (!chat.send({ type: "message.send", text: text, client_id: clientId })) {
        form.submit();
        return;
      }
      showSendError("");
      var item = el("li", "chat-message chat-message--mine chat-message--pending");
      item.setAttribute("data-pending-text", text);
      item.appendChild(el("p", "chat-message__text", text));
      item.appendChild(el("p", "chat-message__receipt", "Sending…"));
      var empty = log.querySelector("[data-chat-empty]");
      if (empty) {
        empty.remove();
      }
      log.appendChild(item);
      pending[clientId] = item;
      input.value = "";
      window.clearTimeout(typingTimer);
      lastTypingSent = 0;
      chat.send({ type: "typing", is_typing: false });
      input.focus();
    });
  }
})();
