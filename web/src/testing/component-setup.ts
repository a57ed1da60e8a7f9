// Before every component test file: each test starts with an empty page and empty storage.
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom lays nothing out and has no ResizeObserver; Fluent's MessageBar observes its own size to choose
// between one line and several. An observer that never reports keeps it at its default layout.
if (!('ResizeObserver' in window)) {
  class InertResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.assign(window, { ResizeObserver: InertResizeObserver });
}

// `findBy…`/`waitFor` give up after this long: a bound, not a timing — the suite shares two cores with the
// server tests, and under that load a Fluent dialog's first mount has taken over the library's default 1 s.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
