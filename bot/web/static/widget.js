/*
 * The triage assistant's chat widget: one script tag plus a configuration object.
 *
 *   <script>window.TriageChat = {serverUrl: "https://bot.example", title: "Ask about your pain",
 *                                initialMessage: "hello"};</script>
 *   <script src="https://site.example/static/widget.js" defer></script>
 *
 * (or call TriageChat.mount({...}) yourself). The script loads widget.css and the
 * socket.io client from its own folder, talks to Rasa's socket.io channel
 * (session_request / user_uttered / bot_uttered) and keeps the session id and the
 * rendered conversation in localStorage, so a reload, also after a restart of the Rasa
 * server, shows the conversation and continues it.
 *
 * Design note: why our own small widget instead of a package.
 * - rasa-webchat (1.0.1 is still the latest on npm) is unmaintained and React 16 era;
 *   it cannot render our custom payloads (the triage card, the booking button) without
 *   a fork, and it renders bot text as markdown, which we do not want.
 * - Generic chat components (deep-chat 2.x, chatscope's chat-ui-kit) need a React or
 *   bundler tool chain, or render markdown/HTML from the messages; we would still write
 *   the socket.io session handling and the payload rendering ourselves.
 * - What is left is small: this file, widget.css and the pinned socket.io client
 *   (bot/web/package.json), copied into static/vendor by the set-up. No build step.
 *
 * Every piece of message data reaches the page through textContent or a checked
 * http(s) href, never as HTML.
 */
(function () {
  "use strict";

  var MAX_LENGTH = 2000; // the server's default limit (BOT_MAX_MESSAGE_CHARS); it refuses longer ones
  var MAX_KEPT = 300; // rendered entries kept in localStorage per conversation
  var TYPING_TIMEOUT_MS = 30000;
  var script = document.currentScript;
  var assetBase = script && script.src ? script.src.replace(/[^/]*$/, "") : "";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function webUrl(value) {
    // Only http(s) links become hrefs: a payload can never run script through a link.
    if (typeof value !== "string") return null;
    try {
      var url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function chatIcon() {
    // drawn, not an emoji: phones and kiosks without an emoji font show a box instead
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var bubble = document.createElementNS(ns, "path");
    bubble.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    bubble.setAttribute("fill", "currentColor");
    svg.appendChild(bubble);
    return svg;
  }

  function loadScript(src, onLoad, onError) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.onload = onLoad;
    tag.onerror = onError;
    document.head.appendChild(tag);
  }

  function loadStyles(href) {
    if (document.querySelector('link[data-triage-chat]')) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-triage-chat", "");
    document.head.appendChild(link);
  }

  /* The conversation as stored: {sessionId, open, entries: [{from, text, buttons, used, card, booking}]} */
  function Store(serverUrl) {
    this.key = "triageChat:" + serverUrl;
    this.state = { sessionId: null, open: false, entries: [] };
    try {
      var saved = JSON.parse(window.localStorage.getItem(this.key) || "null");
      if (saved && Array.isArray(saved.entries)) this.state = saved;
    } catch (error) {
      // unreadable or blocked storage: start a fresh conversation
    }
  }
  Store.prototype.save = function () {
    var entries = this.state.entries;
    if (entries.length > MAX_KEPT) this.state.entries = entries.slice(entries.length - MAX_KEPT);
    try {
      window.localStorage.setItem(this.key, JSON.stringify(this.state));
    } catch (error) {
      // storage full or blocked: the conversation still works, it just won't survive a reload
    }
  };

  function triageCard(triage) {
    // What the text leaves out, from custom.triage.detail (bot/triage/compose.py _detail):
    // where to find each likely source, how it refers pain, and the references behind it.
    // Only the first explanation of a place carries the detail, so the card never repeats.
    var detail = triage && Array.isArray(triage.detail) ? triage.detail : [];
    var named = detail.filter(function (source) {
      return source && typeof source.name === "string";
    });
    if (!named.length) return null;
    return named.map(function (source) {
      var references = Array.isArray(source.references) ? source.references : [];
      return {
        name: source.name,
        location: typeof source.location === "string" ? source.location : "",
        why: typeof source.why === "string" ? source.why : "",
        references: references
          .map(function (reference) {
            return reference && typeof reference.citation === "string" ? reference.citation : "";
          })
          .filter(Boolean),
      };
    });
  }

  function Widget(config) {
    this.config = config;
    this.store = new Store(config.serverUrl);
    this.socket = null;
    this.joined = false; // in the conversation's room: replies reach this tab
    this.pending = []; // typed while (re)connecting, sent once the room is joined
    this.typingTimer = null;
    this.build();
    this.store.state.entries.forEach(this.render, this);
    if (this.store.state.open) this.open(false);
    this.connect();
  }

  Widget.prototype.build = function () {
    var self = this;
    var title = this.config.title;
    var root = el("div", "tc-root");
    root.id = "triage-chat";

    var launcher = el("button", "tc-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-label", "Open chat: " + title);
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "tc-panel");
    launcher.appendChild(chatIcon());
    launcher.appendChild(el("span", "tc-launcher-text", "Chat"));

    var panel = el("section", "tc-panel");
    panel.id = "tc-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", "tc-title");

    var header = el("header", "tc-header");
    var heading = el("h2", "tc-title", title);
    heading.id = "tc-title";
    var close = el("button", "tc-close", "\u00D7");
    close.type = "button";
    close.setAttribute("aria-label", "Close chat");
    header.appendChild(heading);
    header.appendChild(close);

    var log = el("div", "tc-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", "Conversation");
    log.tabIndex = 0;

    var typing = el("div", "tc-typing");
    typing.hidden = true;
    typing.setAttribute("role", "status");
    typing.appendChild(el("span", "tc-sr-only", "The assistant is typing"));
    for (var i = 0; i < 3; i++) typing.appendChild(el("span", "tc-dot")).setAttribute("aria-hidden", "true");

    var status = el("p", "tc-status");
    status.setAttribute("role", "status");

    var form = el("form", "tc-form");
    var input = el("input", "tc-input");
    input.type = "text";
    input.id = "tc-input";
    input.maxLength = this.config.maxLength;
    input.autocomplete = "off";
    input.setAttribute("aria-label", "Your message");
    input.placeholder = "Where does it hurt?";
    var send = el("button", "tc-send", "Send");
    send.type = "submit";
    form.appendChild(input);
    form.appendChild(send);

    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(typing);
    panel.appendChild(status);
    panel.appendChild(form);
    var privacy = this.config.privacyUrl ? webUrl(this.config.privacyUrl) : null;
    if (privacy) {
      var note = el("p", "tc-privacy");
      note.appendChild(this.renderLink("How we keep your data", privacy, "tc-privacy-link"));
      panel.appendChild(note);
    }
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(root);

    launcher.addEventListener("click", function () {
      if (panel.hidden) self.open(true);
      else self.close();
    });
    close.addEventListener("click", function () {
      self.close();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") self.close();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      input.value = "";
      self.send(text, text);
    });

    this.nodes = { launcher: launcher, panel: panel, log: log, typing: typing, status: status, input: input };
  };

  Widget.prototype.open = function (focus) {
    this.nodes.panel.hidden = false;
    this.nodes.launcher.setAttribute("aria-expanded", "true");
    this.nodes.launcher.setAttribute("aria-label", "Close chat: " + this.config.title);
    this.store.state.open = true;
    this.store.save();
    this.scrollDown();
    if (focus) this.nodes.input.focus();
  };

  Widget.prototype.close = function () {
    this.nodes.panel.hidden = true;
    this.nodes.launcher.setAttribute("aria-expanded", "false");
    this.nodes.launcher.setAttribute("aria-label", "Open chat: " + this.config.title);
    this.store.state.open = false;
    this.store.save();
    this.nodes.launcher.focus();
  };

  Widget.prototype.connect = function () {
    var self = this;
    if (typeof window.io !== "function") {
      loadScript(
        assetBase + "vendor/socket.io.min.js",
        function () {
          self.connect();
        },
        function () {
          self.setStatus("The chat could not load. Please try again later.");
        }
      );
      return;
    }
    var options = { transports: ["websocket", "polling"] };
    // With BOT_SOCKETIO_JWT_SECRET set, the server admits only a signed token: the embedding
    // site issues one per visitor and passes it as `token`.
    if (typeof this.config.token === "string" && this.config.token) {
      options.auth = { token: this.config.token };
    }
    var socket = window.io(this.config.serverUrl, options);
    this.socket = socket;
    socket.on("connect", function () {
      // Every (re)connect rejoins the same conversation, also after a server restart.
      socket.emit("session_request", { session_id: self.store.state.sessionId });
    });
    socket.on("session_confirm", function (data) {
      var sessionId = typeof data === "string" ? data : data && data.session_id;
      var fresh = !self.store.state.sessionId;
      self.store.state.sessionId = sessionId;
      self.store.save();
      self.joined = true;
      self.setStatus("");
      if (fresh && self.config.initialMessage) self.emit(self.config.initialMessage);
      self.pending.splice(0).forEach(function (message) {
        self.emit(message);
      });
    });
    socket.on("bot_uttered", function (message) {
      self.receive(message || {});
    });
    socket.on("connect_error", function () {
      self.setStatus("Can't reach the assistant right now; retrying\u2026");
    });
    socket.on("disconnect", function () {
      self.joined = false;
      self.setStatus("Connection lost; reconnecting\u2026");
    });
  };

  Widget.prototype.setStatus = function (text) {
    this.nodes.status.textContent = text;
  };

  Widget.prototype.emit = function (message) {
    // Not before the room is joined again: a reply sent before that would never arrive.
    if (!this.socket || !this.joined) return false;
    this.socket.emit("user_uttered", { message: message, session_id: this.store.state.sessionId });
    this.showTyping(true);
    return true;
  };

  Widget.prototype.send = function (message, shown) {
    this.add({ from: "user", text: shown });
    if (!this.emit(message)) {
      this.pending.push(message);
      this.setStatus("Connecting\u2026 your message goes as soon as the assistant answers.");
    }
  };

  Widget.prototype.receive = function (message) {
    this.showTyping(false);
    var custom = message.custom && typeof message.custom === "object" ? message.custom : null;
    var buttons = message.quick_replies || message.buttons;
    if (typeof message.text === "string" && message.text) {
      var entry = { from: "bot", text: message.text };
      if (Array.isArray(buttons) && buttons.length) {
        entry.buttons = buttons
          .filter(function (button) {
            return button && typeof button.title === "string" && typeof button.payload === "string";
          })
          .map(function (button) {
            // socket.io drops a link button's url; the payload carries it instead
            return { title: button.title, payload: button.payload, url: webUrl(button.url || button.payload) };
          });
      }
      this.add(entry);
    }
    if (custom && custom.triage) {
      var card = triageCard(custom.triage);
      if (card) this.add({ from: "bot", card: card });
    }
    if (custom && custom.booking) {
      var url = webUrl(custom.booking.url);
      if (url && !this.lastBotLinks(url)) {
        this.add({ from: "bot", booking: { url: url, reference: custom.booking.reference || null } });
      }
    }
  };

  Widget.prototype.lastBotLinks = function (url) {
    // The booking page link usually came with the text just before as a link button.
    var entries = this.store.state.entries;
    var last = entries[entries.length - 1];
    return Boolean(
      last &&
        last.buttons &&
        last.buttons.some(function (button) {
          return button.url === url;
        })
    );
  };

  Widget.prototype.add = function (entry) {
    this.store.state.entries.push(entry);
    this.store.save();
    this.render(entry, this.store.state.entries.length - 1);
  };

  Widget.prototype.render = function (entry, index) {
    var self = this;
    var item = el("div", "tc-message tc-" + (entry.from === "user" ? "user" : "bot"));
    item.appendChild(el("span", "tc-sr-only", entry.from === "user" ? "You: " : "Assistant: "));
    if (entry.text) item.appendChild(el("p", "tc-text", entry.text));
    if (entry.card) item.appendChild(this.renderCard(entry.card));
    if (entry.booking) item.appendChild(this.renderLink("Book a massage", entry.booking.url, "tc-booking"));
    if (entry.buttons && entry.buttons.length) {
      var group = el("div", "tc-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Suggested replies");
      entry.buttons.forEach(function (button) {
        if (button.url) {
          group.appendChild(self.renderLink(button.title, button.url, "tc-booking"));
          return;
        }
        var choice = el("button", "tc-choice", button.title);
        choice.type = "button";
        choice.disabled = Boolean(entry.used);
        choice.addEventListener("click", function () {
          if (entry.used) return;
          entry.used = true;
          self.store.save();
          group.querySelectorAll("button").forEach(function (other) {
            other.disabled = true;
          });
          self.send(button.payload, button.title);
          self.nodes.input.focus();
        });
        group.appendChild(choice);
      });
      item.appendChild(group);
    }
    this.nodes.log.appendChild(item);
    this.scrollDown();
  };

  Widget.prototype.renderCard = function (sources) {
    var card = el("div", "tc-card");
    card.setAttribute("aria-label", "Where to find the likely sources");
    card.appendChild(el("h3", "tc-card-title", "Where to find them"));
    var list = el("ul", "tc-card-list");
    sources.forEach(function (source) {
      var row = el("li", "tc-source");
      row.appendChild(el("strong", "tc-source-name", source.name));
      if (source.location) row.appendChild(el("span", "tc-source-where", source.location));
      if (source.why || (source.references && source.references.length)) {
        var more = el("details", "tc-source-more");
        more.appendChild(el("summary", "tc-source-summary", "How it refers pain, and the source"));
        if (source.why) more.appendChild(el("p", "tc-source-why", source.why));
        (source.references || []).forEach(function (citation) {
          more.appendChild(el("p", "tc-source-ref", citation));
        });
        row.appendChild(more);
      }
      list.appendChild(row);
    });
    card.appendChild(list);
    return card;
  };

  Widget.prototype.renderLink = function (title, url, className) {
    var link = el("a", className, title);
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  };

  Widget.prototype.showTyping = function (shown) {
    var self = this;
    this.nodes.typing.hidden = !shown;
    window.clearTimeout(this.typingTimer);
    if (shown) {
      this.typingTimer = window.setTimeout(function () {
        self.nodes.typing.hidden = true;
      }, TYPING_TIMEOUT_MS);
    }
    this.scrollDown();
  };

  Widget.prototype.scrollDown = function () {
    this.nodes.log.scrollTop = this.nodes.log.scrollHeight;
  };

  var mounted = null;

  function mount(options) {
    if (mounted) return mounted;
    var config = {
      serverUrl: (options && options.serverUrl) || window.location.origin,
      title: (options && options.title) || "Chat with us",
      initialMessage: (options && options.initialMessage) || "",
      maxLength: (options && Number(options.maxLength) > 0 && Number(options.maxLength)) || MAX_LENGTH,
      token: (options && typeof options.token === "string" && options.token) || "",
      privacyUrl: (options && typeof options.privacyUrl === "string" && options.privacyUrl) || "",
    };
    loadStyles(assetBase + "widget.css");
    mounted = new Widget(config);
    return mounted;
  }

  var preset = window.TriageChat;
  window.TriageChat = { mount: mount };
  if (preset && typeof preset === "object" && typeof preset.mount !== "function") {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () {
        mount(preset);
      });
    } else {
      mount(preset);
    }
  }
})();
