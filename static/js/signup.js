/*
 * Signup and manage forms: small improvements on top of forms that work without
 * JavaScript (the "Add a participant" and "Remove" buttons post the form and the
 * server sends it back with one participant more or less).
 *
 * - moves the focus to the error summary when there is one;
 * - removes participants in the page, renumbering the fields ("Add a participant"
 *   goes to the server, which renders the new participant with the places left
 *   now; the page carries no hidden copy of the participant form to clone);
 * - "I am signing up myself" copies the contact person's name, e-mail and phone
 *   to the first participant while they type;
 * - hides the invoice details while a free price option is chosen;
 * - closes the sessions and prices for one attendance mode (data-serves) while a
 *   participant chooses the other (the labels say why; without JavaScript the
 *   server refuses such a choice and says so next to the field).
 */
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Sessions and prices that serve one attendance mode only.
  function participantScopes() {
    var scopes = document.querySelectorAll("[data-participant]");
    if (!scopes.length) {
      scopes = document.querySelectorAll("form");
    }
    return Array.prototype.slice.call(scopes);
  }

  // A closed choice is unticked (saving drops it); opened again, it is ticked again.
  function setClosed(input, closed) {
    var was = input.checked;
    if (closed && !input.disabled) {
      input.disabled = true;
      input.setAttribute("data-mode-closed", was ? "checked" : "");
      input.checked = false;
    } else if (!closed && input.hasAttribute("data-mode-closed")) {
      input.disabled = false;
      input.checked = input.getAttribute("data-mode-closed") === "checked" || input.checked;
      input.removeAttribute("data-mode-closed");
    }
    if (input.checked !== was) {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function applyModes() {
    var chosen = [];
    participantScopes().forEach(function (scope) {
      var radio = scope.querySelector("input[type='radio'][name$='attendance_mode']:checked");
      var mode = radio ? radio.value : "";
      if (mode) {
        chosen.push(mode);
      }
      scope.querySelectorAll("input[type='checkbox'][data-serves]").forEach(function (input) {
        setClosed(input, mode !== "" && input.getAttribute("data-serves") !== mode);
      });
    });
    document.querySelectorAll("input[name='booking-price_option'][data-serves]").forEach(
      function (input) {
        var serves = input.getAttribute("data-serves");
        var closed = chosen.some(function (mode) {
          return mode !== serves;
        });
        setClosed(input, closed);
      }
    );
  }

  document.addEventListener("change", function (event) {
    if (/attendance_mode$/.test(event.target.name || "")) {
      applyModes();
    }
  });
  applyModes();

  var form = document.getElementById("signup-form");
  if (!form) {
    return;
  }

  var prefix = "participant";
  var container = form.querySelector("[data-participants]");
  var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
  var addButton = form.querySelector("[data-add-participant]");
  var maxParticipants = parseInt(form.getAttribute("data-max-participants"), 10) || 20;
  var attributes = ["name", "id", "for", "aria-describedby", "list"];

  function participants() {
    return container.querySelectorAll("[data-participant]");
  }

  function renumber(element, from, to) {
    var pattern = new RegExp(prefix + "-" + from + "(-|_)", "g");
    var nodes = [element].concat(Array.prototype.slice.call(element.querySelectorAll("*")));
    nodes.forEach(function (node) {
      attributes.forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value && value.indexOf(prefix + "-" + from) !== -1) {
          node.setAttribute(attribute, value.replace(pattern, prefix + "-" + to + "$1"));
        }
      });
    });
  }

  function refresh() {
    var list = participants();
    list.forEach(function (fieldset, index) {
      fieldset.querySelectorAll("[data-number]").forEach(function (span) {
        span.textContent = String(index + 1);
      });
      var remove = fieldset.querySelector("[data-remove]");
      if (remove) {
        remove.value = String(index);
        remove.hidden = list.length < 2;
      }
      var note = fieldset.querySelector("[data-self-note]");
      if (note) {
        note.hidden = index !== 0;
      }
    });
    total.value = String(list.length);
    applyModes();
    if (addButton) {
      addButton.hidden = list.length >= maxParticipants;
    }
  }

  if (container && total) {
    container.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove]");
      if (!button) {
        return;
      }
      event.preventDefault();
      var fieldset = button.closest("[data-participant]");
      var list = Array.prototype.slice.call(participants());
      var removed = list.indexOf(fieldset);
      fieldset.remove();
      list.slice(removed + 1).forEach(function (next, offset) {
        renumber(next, removed + 1 + offset, removed + offset);
      });
      refresh();
      var heading = document.getElementById("participants-heading");
      if (heading) {
        heading.focus();
      }
    });
    refresh();
  }

  // "I am signing up myself": keep participant 1 in step with the contact person.
  var self = form.querySelector("input[name='contact-is_participant']");
  ["first_name", "last_name", "email", "phone"].forEach(function (name) {
    var source = form.querySelector("[name='contact-" + name + "']");
    if (!source || !self) {
      return;
    }
    var copied = source.value;
    source.addEventListener("input", function () {
      var target = form.querySelector("[name='" + prefix + "-0-" + name + "']");
      if (self.checked && target && (target.value === "" || target.value === copied)) {
        target.value = source.value;
      }
      copied = source.value;
    });
  });

  // Invoice details only for a price option with a fee.
  var invoice = form.querySelector("[data-invoice]");
  if (invoice) {
    var free = (invoice.getAttribute("data-free-options") || "").split(/\s+/).filter(Boolean);
    var update = function () {
      var chosen = form.querySelector("input[name='booking-price_option']:checked");
      invoice.hidden = Boolean(chosen) && free.indexOf(chosen.value) !== -1;
    };
    form.querySelectorAll("input[name='booking-price_option']").forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }
})();
