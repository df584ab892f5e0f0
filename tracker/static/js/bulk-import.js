// The import page's archive form: one file a request, a <progress> bar and a line per file.
//
// Without this script the form posts every file at once and the server answers with the
// report as a page; with it, each file is its own request (asking for JSON), so a large
// archive shows its progress, and a file the server refuses does not stop the others.
// The messages come translated from the form's data-msg-* attributes; text is only ever
// set as textContent.
(function () {
  "use strict";

  function format(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function csrfToken(form) {
    var meta = document.querySelector("meta[name='csrf-token']");
    if (meta && meta.content) {
      return meta.content;
    }
    var field = form.querySelector("input[name$='csrf_token']");
    return field ? field.value : "";
  }

  function resultItem(row, form) {
    var item = document.createElement("li");
    item.className = "bulk-result bulk-result--" + row.status;
    var file = document.createElement("span");
    file.className = "bulk-result__file";
    file.textContent = row.file;
    var status = document.createElement("span");
    status.className = "bulk-result__status";
    status.textContent = row.label;
    item.appendChild(file);
    item.appendChild(document.createTextNode(": "));
    item.appendChild(status);
    if (row.url) {
      item.appendChild(document.createTextNode(" — "));
      var link = document.createElement("a");
      link.href = row.url;
      link.textContent = form.dataset.msgMeeting + (row.number ? " N" + row.number : "");
      item.appendChild(link);
    }
    if (row.details && row.details.length) {
      var details = document.createElement("ul");
      details.className = "bulk-result__details";
      row.details.forEach(function (text) {
        var line = document.createElement("li");
        line.textContent = text;
        details.appendChild(line);
      });
      item.appendChild(details);
    }
    return item;
  }

  function failedItem(name, message, form) {
    return resultItem({
      file: name, status: "refused", label: form.dataset.msgFailed, details: [message],
    }, form);
  }

  function sendOne(form, input, file) {
    var data = new FormData(form);
    data.delete(input.name);
    data.append(input.name, file, file.name);
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(form) },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        return { error: format(form.dataset.msgError, { status: response.status }) };
      }
      return response.json().then(function (body) {
        if (!response.ok || !body.files) {
          var message = body.error && body.error.message;
          return { error: message || format(form.dataset.msgError, { status: response.status }) };
        }
        return body;
      });
    }, function () {
      return { error: form.dataset.msgNetwork };
    });
  }

  function start(form) {
    var input = form.querySelector("input[type=file]");
    var button = form.querySelector("button[type=submit]");
    var box = form.querySelector(".bulk-import__progress");
    var bar = form.querySelector("progress");
    var status = form.querySelector(".bulk-import__status");
    var list = form.querySelector(".bulk-import__results");
    var queue = form.querySelector(".bulk-import__queue");
    if (!input || !bar || !list) {
      return;
    }
    form.addEventListener("submit", function (event) {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length || !window.fetch || !window.FormData) {
        return; // the server explains what is missing, or handles it all at once
      }
      event.preventDefault();
      button.disabled = true;
      list.textContent = "";
      box.hidden = false;
      bar.max = files.length;
      bar.value = 0;
      var needsReview = false;
      var chain = Promise.resolve();
      files.forEach(function (file, index) {
        chain = chain.then(function () {
          status.textContent = format(form.dataset.msgProgress, {
            name: file.name, done: index, total: files.length,
          });
          return sendOne(form, input, file);
        }).then(function (answer) {
          if (answer.error) {
            list.appendChild(failedItem(file.name, answer.error, form));
          } else {
            answer.files.forEach(function (row) {
              needsReview = needsReview || row.status === "needs_review";
              list.appendChild(resultItem(row, form));
            });
          }
          bar.value = index + 1;
        });
      });
      chain.then(function () {
        status.textContent = format(form.dataset.msgDone, {
          done: files.length, total: files.length,
        });
        form.classList.add("bulk-import__form--done");
        if (queue) {
          queue.hidden = !needsReview;
        }
        button.disabled = false;
        input.value = "";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("bulk-import-form");
    if (form) {
      start(form);
    }
  });
})();
