// Small browser utilities: the remembered light/dark choice and the clipboard.
// The theme lives in a cookie so the server renders the right theme on the next request already
// (no flash of the wrong theme), including the static sign-in page.
const themeCookie = 'OpsConsole.Theme';

export function saveDarkMode(dark) {
  const secure = location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `${themeCookie}=${dark ? 'dark' : 'light'}; path=/; max-age=31536000; samesite=lax${secure}`;
}

export async function copyText(text) {
  await navigator.clipboard.writeText(text);
}
