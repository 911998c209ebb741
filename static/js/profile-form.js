/* Profile form (templates/profiles/edit.html): progressive enhancement; without it everything
   still works by posting. */
(() => {
  const form = document.querySelector("[data-profile-form]");
  if (!form) return;

  // 재직 중 makes 퇴사 not needed: a disabled field is not sent, so it is saved empty.
  const setupRow = (row) => {
    const current = row.querySelector("[data-current]");
    const end = row.querySelector('input[name$="-end_date"]');
    if (current && end) {
      const sync = () => { end.disabled = current.checked; };
      current.addEventListener("change", sync);
      sync();
    }
    row.querySelectorAll("textarea[data-counter]").forEach(setupCounter);
  };

  // Count characters the way the server does (code points, a line break is one).
  const setupCounter = (textarea) => {
    const limit = textarea.maxLength;
    if (limit <= 0) return;
    const counter = document.createElement("p");
    counter.className = "counter small muted";
    const sync = () => {
      const used = [...textarea.value].length;
      counter.textContent = `${used.toLocaleString("ko-KR")} / ${limit.toLocaleString("ko-KR")}자`;
      counter.classList.toggle("over", used > limit);
    };
    textarea.addEventListener("input", sync);
    textarea.after(counter);
    sync();
  };

  form.querySelectorAll("[data-row]").forEach(setupRow);
  // After a refused save, take the person straight to the first thing to fix.
  form.querySelector('[aria-invalid="true"]')?.focus();
  form.querySelectorAll(".situation textarea[data-counter]").forEach(setupCounter);

  // 학력 추가 / 경력 추가: clone Django's empty form instead of posting the page.
  form.querySelectorAll("[data-add-row]").forEach((button) => {
    const prefix = button.dataset.addRow;
    const total = form.querySelector(`#id_${prefix}-TOTAL_FORMS`);
    const max = Number(form.querySelector(`#id_${prefix}-MAX_NUM_FORMS`).value);
    const rows = form.querySelector(`[data-rows="${prefix}"]`);
    const template = form.querySelector(`template[data-empty-row="${prefix}"]`);
    const note = form.querySelector(`[data-max-note="${prefix}"]`);
    button.type = "button";
    button.addEventListener("click", () => {
      const index = Number(total.value);
      if (index >= max) return;
      const html = template.innerHTML
        .replaceAll("__prefix__", String(index))
        .replaceAll("__number__", String(rows.children.length + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const row = rows.lastElementChild;
      setupRow(row);
      row.querySelector(".entry-fields input, .entry-fields select")?.focus();
      const full = index + 1 >= max;
      button.hidden = full;
      if (note) note.hidden = !full;
    });
  });
})();
