import { Input } from '@fluentui/react-components';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';

/** Whether a key press is meant for a field (typing `/` in one must not jump to the search box). */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The header's search box: Enter opens `/search?q=`; `/` anywhere else focuses it. */
export function SearchBox() {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim() !== '') void navigate({ to: '/search', search: { q: q.trim() } });
  };
  return (
    <form role="search" onSubmit={submit}>
      <Input
        ref={input}
        type="search"
        value={q}
        maxLength={200}
        onChange={(_e, d) => setQ(d.value)}
        placeholder="Search (press /)"
        aria-label="Search registries, workspaces and assets"
      />
    </form>
  );
}
