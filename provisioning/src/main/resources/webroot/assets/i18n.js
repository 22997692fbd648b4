/*
 * Latvian and English: every text of the page is in texts.json under both languages. The language
 * is the one asked for in the address (?lang=, which the switch sets and which is then kept in the
 * browser), else the one kept, else Latvian for a browser that prefers Latvian and English for any
 * other. The API is asked in the same language (Accept-Language), so its refusals match the page.
 */
import {byId} from './dom.js';

const LANGUAGES = ['lv', 'en'];
const KEPT = 'provisioning.language';

function chosen() {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (LANGUAGES.includes(asked)) {
    try {
      window.localStorage.setItem(KEPT, asked);
    } catch (e) {
      // storage refused (private mode): the address still says it
    }
    return asked;
  }
  let kept = null;
  try {
    kept = window.localStorage.getItem(KEPT);
  } catch (e) {
    // nothing kept
  }
  if (LANGUAGES.includes(kept)) {
    return kept;
  }
  return (navigator.languages || [navigator.language]).some(l => String(l).toLowerCase().startsWith('lv')) ? 'lv' : 'en';
}

export const lang = chosen();
const locale = lang === 'lv' ? 'lv-LV' : 'en-GB';
let texts = {};

/** The text of key, {0}, {1}… filled in; the key itself when it is missing, so a gap shows instead of hiding. */
export function t(key, ...args) {
  const text = Object.hasOwn(texts, key) ? texts[key] : key;
  return text.replace(/\{(\d+)\}/g, (whole, n) => (args[n] === undefined || args[n] === null ? '' : String(args[n])));
}

/** A number as this language writes it (a decimal comma in Latvian). */
export function number(value) {
  return new Intl.NumberFormat(locale, {maximumFractionDigits: 1}).format(value);
}

/** Loads the texts and gives each element with data-text its text. */
export async function loadTexts() {
  const response = await fetch('assets/texts.json', {cache: 'no-cache'});
  texts = (await response.json())[lang];
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-text]').forEach(node => {
    node.textContent = t(node.getAttribute('data-text'));
  });
}

/**
 * Points the switch at this very address in the other language. Called once the address is
 * settled (never while it still holds the sign-in's answer) and whenever the page changes it.
 */
export function pointLanguageSwitch() {
  const other = lang === 'lv' ? 'en' : 'lv';
  const address = new URL(window.location.href);
  address.searchParams.set('lang', other);
  const switcher = byId('language-switch');
  switcher.setAttribute('href', address.pathname + address.search + address.hash);
  switcher.setAttribute('lang', other);
  switcher.setAttribute('hreflang', other);
  switcher.setAttribute('aria-label', t('lang.switchLabel'));
  switcher.textContent = t('lang.switch');
  switcher.hidden = false;
}
