/* Progressive enhancement only: every page works without this file.
   - facet checkboxes and the sort menu submit their form as soon as they change;
   - the query box suggests titles and chemical names as one types (ARIA combobox, keyboard operable). */
(function () {
  "use strict";

  function autoSubmit() {
    document.querySelectorAll("[data-autosubmit]").forEach(function (control) {
      control.addEventListener("change", function () {
        var form = control.form;
        if (!form) { return; }
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      });
    });
  }

  function autocomplete(input) {
    var endpoint = input.getAttribute("data-suggest");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!endpoint || !list) { return; }
    var items = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      if (index < 0 || index >= items.length) { return; }
      input.value = items[index].text;
      close();
      if (input.form) { input.form.submit(); }
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(suggestions) {
      list.innerHTML = "";
      items = suggestions.slice(0, 10);
      if (!items.length) { close(); return; }
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.label && item.label !== item.text ? item.text + " — " + item.label : item.text;
        if (item.lang) { option.lang = item.lang; }
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function fetchSuggestions() {
      var prefix = input.value.trim();
      if (prefix.length < 2) { close(); return; }
      var ticket = ++latest;
      var url = endpoint + "?prefix=" + encodeURIComponent(prefix) + "&ui_lang=" + encodeURIComponent(document.documentElement.lang);
      fetch(url, { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (data) {
          if (ticket !== latest) { return; }
          show(Array.isArray(data) ? data : (data.suggestions || []));
        })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    autoSubmit();
    document.querySelectorAll("input[data-suggest]").forEach(autocomplete);
  });
})();
