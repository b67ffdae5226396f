// Preloaded into a server process by tests (node --import) to move its clock by XST_SHIFT_MS: what a machine whose
// date is in another year sees. Only Date moves; timers are untouched.
const shift = Number(process.env.XST_SHIFT_MS ?? 0);
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args) {
    super(...(args.length ? args : [RealDate.now() + shift]));
  }
  static now() {
    return RealDate.now() + shift;
  }
}
globalThis.Date = ShiftedDate;
