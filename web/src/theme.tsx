import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

type ThemeName = 'light' | 'dark';
const ThemeContext = createContext<{ theme: ThemeName; toggle: () => void }>({ theme: 'light', toggle: () => {} });

function initialTheme(): ThemeName {
  const saved = window.localStorage.getItem('arca-theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Light or dark (remembered in this browser), following the system until the user picks. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useState<ThemeName>(initialTheme);
  useEffect(() => {
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  const toggle = () =>
    setTheme((current) => {
      const next = current === 'light' ? 'dark' : 'light';
      window.localStorage.setItem('arca-theme', next);
      return next;
    });
  return (
    <ThemeContext.Provider value={{ theme, toggle }}>
      <FluentProvider theme={theme === 'light' ? webLightTheme : webDarkTheme} style={{ minHeight: '100vh' }}>
        {children}
      </FluentProvider>
    </ThemeContext.Provider>
  );
}

export const useTheme = () => useContext(ThemeContext);
