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

/**
 * wx.onNeedPrivacyAuthorization's listener as WeChat calls it: its first argument is `resolve`
 * (miniprogram-api-typings declares it as a callback result, which it is not).
 */
declare namespace Privacy {
  type Resolve = (result: { event: "agree" | "disagree" | "exposureAuthorization"; buttonId?: string }) => void;
  type Listener = (resolve: Resolve, eventInfo: { referrer: string }) => void;
}
