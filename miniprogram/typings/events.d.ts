/** What the mini-program's pages receive from WXML events (bindtap, bindinput, bindchange). */
declare namespace Events {
  /** A tap on an element carrying data-* attributes. */
  interface Tap {
    currentTarget: { dataset: Record<string, string> };
  }
  /** An input or picker change on an element carrying data-* attributes. */
  interface Change<T = string> {
    currentTarget: { dataset: Record<string, string> };
    detail: { value: T };
  }
}
