// Community groups: live posts on a group page, live comments on a post page, comments sent
// without a reload, and the Markdown preview of the compose form.
// Every page works without this file by plain form posts and reloads. Socket events carry ids
// only; each new item is fetched as HTML from the site (which checks who may read it and renders
// the sanitized body), so nothing from the socket is ever inserted as markup.
(function () {
  "use strict";

  var NIL = "00000000-0000-0000-0000-000000000000";
  var csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var realtime = document.querySelector("[data-realtime]");
  var csrf = csrfInput ? csrfInput.value : (realtime ? realtime.getAttribute("data-csrf") : "");

  // --- Markdown preview ---------------------------------------------------------------------------

  var previewButton = document.querySelector("[data-markdown-preview]");
  if (previewButton) {
    previewButton.addEventListener("click", function () {
      var source = document.querySelector("[data-markdown-source]");
      var box = document.querySelector("[data-preview-box]");
      var output = document.querySelector("[data-preview-output]");
      var body = new FormData();
      body.append("body", source ? source.value : "");
      fetch(previewButton.getAttribute("data-markdown-preview"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf },
        body: body
      }).then(function (response) {
        if (!response.ok) {
          throw new Error("preview failed");
        }
        return response.text();
      }).then(function (html) {
        // The server's own sanitized rendering (nh3), the same as the saved post's.
        output.innerHTML = html;
        box.hidden = false;
      }, function () {
        output.textContent = "The preview is not available right now.";
        box.hidden = false;
      });
    });
  }

  // --- live updates -------------------------------------------------------------------------------

  var root = document.querySelector("[data-community-group]");
  // The socket class of static/js/realtime.js (loaded by every page before this file): the same
  // reconnection, token renewal and status line as the other live pages.
  var live = window.MentoraLive;
  if (!root || !document.querySelector('[data-live-status="community"]') || !live) {
    return;
  }
  var groupId = root.getAttribute("data-community-group");
  var postId = root.getAttribute("data-community-post");

  function fragment(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (response) {
      if (!response.ok) {
        throw new Error("gone");
      }
      return response.text();
    }).then(function (html) {
      var template = document.createElement("template");
      template.innerHTML = html.trim();
      return template.content.firstElementChild;
    });
  }

  function byData(name, id) {
    return root.querySelector("[" + name + '="' + id + '"]');
  }

  // Group page: a post arrives below the pinned ones (the list is pinned first, then newest).
  function showPost(id, replace) {
    var list = root.querySelector("[data-post-list]");
    if (!list) {
      return;
    }
    var existing = byData("data-post-id", id);
    if (existing && !replace) {
      return;
    }
    fragment(root.getAttribute("data-card-url-template").replace(NIL, id)).then(function (item) {
      var current = byData("data-post-id", id);
      if (current) {
        current.replaceWith(item);
        return;
      }
      var empty = list.querySelector("[data-posts-empty]");
      if (empty) {
        empty.remove();
      }
      var pinned = item.getAttribute("data-pinned") === "true";
      var before = pinned ? list.querySelector("[data-post-id]") : list.querySelector('[data-pinned="false"]');
      list.insertBefore(item, before);
    }, function () {});
  }

  function removePost(id) {
    var item = byData("data-post-id", id);
    if (item) {
      item.remove();
    }
    if (postId === id) {
      var article = root.querySelector("article");
      if (article) {
        var note = document.createElement("p");
        note.className = "notice";
        note.setAttribute("role", "status");
        note.textContent = "This post was removed.";
        article.replaceWith(note);
      }
      var comments = root.querySelectorAll("[data-comment-form], [data-comment-list]");
      for (var i = 0; i < comments.length; i++) {
        comments[i].remove();
      }
    }
  }

  // Post page: a comment arrives at the end of the thread, a reply at the end of its comment's replies.
  function showComment(event, replace) {
    var list = root.querySelector("[data-comment-list]");
    if (!list || event.post_id !== postId) {
      return;
    }
    if (byData("data-comment-id", event.comment_id) && !replace) {
      return;
    }
    fragment(root.getAttribute("data-comment-url-template").replace(NIL, event.comment_id)).then(function (item) {
      var current = byData("data-comment-id", event.comment_id);
      if (current) {
        var replies = current.querySelector("[data-replies-of]");
        var freshReplies = item.querySelector("[data-replies-of]");
        if (replies && freshReplies) {
          freshReplies.replaceWith(replies);
        }
        current.replaceWith(item);
        return;
      }
      var target = event.parent_id ? byData("data-replies-of", event.parent_id) : list;
      if (!target) {
        return;
      }
      var empty = root.querySelector("[data-comments-empty]");
      if (empty) {
        empty.remove();
      }
      target.appendChild(item);
    }, function () {});
  }

  function removeComment(id) {
    var item = byData("data-comment-id", id);
    if (item) {
      item.remove();
    }
  }

  function onEvent(event) {
    if (event.group_id !== groupId) {
      return;
    }
    if (event.type === "post.new") {
      showPost(event.post_id, false);
    } else if (event.type === "post.updated") {
      showPost(event.post_id, true);
    } else if (event.type === "post.removed") {
      removePost(event.post_id);
    } else if (event.type === "comment.new") {
      showComment(event, false);
    } else if (event.type === "comment.updated") {
      showComment(event, true);
    } else if (event.type === "comment.removed") {
      removeComment(event.comment_id);
    }
  }

  var socket = new live.LiveSocket("community", "/ws/groups/" + groupId + "/", onEvent);

  // Comments and replies are sent without leaving the page while the socket is open: the
  // comment then arrives over the socket like anyone else's. Otherwise the form posts as usual.
  root.addEventListener("submit", function (submitEvent) {
    var form = submitEvent.target;
    if (!form.hasAttribute("data-comment-form") || !socket.open) {
      return;
    }
    submitEvent.preventDefault();
    var textarea = form.querySelector("textarea");
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "community" },
      body: new FormData(form)
    }).then(function (response) {
      if (response.status === 204) {
        textarea.value = "";
        var details = form.closest("details");
        if (details) {
          details.open = false;
          details.querySelector("summary").focus();
        } else {
          textarea.focus();
        }
      } else {
        form.submit();
      }
    }, function () {
      form.submit();
    });
  });
})();
