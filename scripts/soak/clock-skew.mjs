// Loaded into the soak test's server with --import when SOAK_CLOCK_SKEW is set: moves the wall clock
// (Date) that many seconds ahead of the monotonic one (performance.now()), as an NTP step or a paused
// virtual machine does to a server that has been running a while. Never loaded by `npm start`.
const skewMs = Number(process.env.SOAK_CLOCK_SKEW ?? 0) * 1000;

if (skewMs) {
  const RealDate = Date;
  const now = () => RealDate.now() + skewMs;
  globalThis.Date = new Proxy(RealDate, {
    // new Date() is now; new Date(value) is that moment, as before.
    construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [now()], newTarget),
    // Date() called without new gives the time as text.
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
}
