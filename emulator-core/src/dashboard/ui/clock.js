// The clock panel: the emulated time, its offset from system time, and the controls that move
// it (each asks for confirmation first).

import { advanceClock, resetClock } from "./api.js";
import { formatDuration, formatTime } from "./format.js";

const $ = (id) => document.getElementById(id);

/** Asks the user with the page's dialog; resolves to whether they confirmed. */
export function confirmAction(text) {
  const dialog = $("confirm");
  $("confirm-text").textContent = text;
  dialog.returnValue = "";
  dialog.showModal();
  $("confirm-ok").focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
  });
}

/** Shows the clock `{now, offsetSeconds}` (now in epoch seconds). */
export function showClock(clock) {
  $("clock-now").textContent = `${formatTime(clock.now * 1000)} UTC`;
  $("clock-offset").textContent = clock.offsetSeconds > 0
    ? `${formatDuration(clock.offsetSeconds)} ahead of system time`
    : "system time";
  $("clock-reset").disabled = !(clock.offsetSeconds > 0);
}

/** Wires the controls; `changed(clock)` runs after every move, `failed(error)` on errors. */
export function setUpClock({ changed, failed }) {
  const advance = async (seconds) => {
    if (!(seconds > 0)) return;
    const ok = await confirmAction(
      `Advance the emulated clock by ${formatDuration(seconds)}? Everything that comes due in that time happens now, in every account and region.`,
    );
    if (!ok) return;
    try {
      changed(await advanceClock(seconds));
    } catch (error) {
      failed(error);
    }
  };
  for (const button of document.querySelectorAll("[data-advance]")) {
    button.addEventListener("click", () => advance(Number(button.dataset.advance)));
  }
  $("advance-form").addEventListener("submit", (event) => {
    event.preventDefault();
    advance(Number($("advance-amount").value) * Number($("advance-unit").value));
  });
  $("clock-reset").addEventListener("click", async () => {
    const ok = await confirmAction(
      "Set the emulated clock back to system time? Resources keep the times they recorded; what is scheduled waits for system time to reach it.",
    );
    if (!ok) return;
    try {
      changed(await resetClock());
    } catch (error) {
      failed(error);
    }
  });
}
