package org.datarecall.testing;

import java.util.List;

import org.openqa.selenium.chrome.ChromeDriver;

/**
 * An axe-style check of the page a browser shows, in the page itself (WebDriver runs it; the pages have
 * no script of their own): every form field has a label, every described-by and labelled-by points to an
 * element, every chart has a title, the page has its language and one main heading, and the text of every
 * button, badge and link has WCAG AA contrast (4.5:1) against the background it is drawn on. Answers the
 * problems found, each naming its element.
 */
public final class AccessibilityCheck {

    private AccessibilityCheck() {
    }

    private static final String SCRIPT = """
            const problems = [];
            const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '');
            if (!document.documentElement.lang) problems.push('html has no lang');
            if (document.querySelectorAll('h1').length !== 1) problems.push('the page has ' + document.querySelectorAll('h1').length + ' h1');
            for (const f of document.querySelectorAll('input, select, textarea')) {
              if (f.type === 'hidden') continue;
              const labelled = (f.id && document.querySelector('label[for="' + f.id + '"]')) || f.closest('label')
                  || f.getAttribute('aria-label') || f.getAttribute('aria-labelledby');
              if (!labelled) problems.push(name(f) + ' has no label');
            }
            for (const attr of ['aria-describedby', 'aria-labelledby']) {
              for (const e of document.querySelectorAll('[' + attr + ']')) {
                for (const id of e.getAttribute(attr).split(/\\s+/)) {
                  if (!document.getElementById(id)) problems.push(name(e) + ' ' + attr + ' points to no #' + id);
                }
              }
            }
            for (const s of document.querySelectorAll('svg[role=img]')) {
              if (!s.querySelector('title')) problems.push(name(s) + ' has no title');
            }
            for (const b of document.querySelectorAll('button')) {
              if (!b.textContent.trim() && !b.getAttribute('aria-label')) problems.push(name(b) + ' has no text');
            }
            const rgb = c => { const m = c.match(/[\\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
            const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
            const background = e => { for (let n = e; n; n = n.parentElement) { const c = rgb(getComputedStyle(n).backgroundColor); if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
            for (const e of document.querySelectorAll('button, .badge, a, label, th, td, p, h1, h2, h3, dt, dd, li, progress')) {
              if (!e.offsetParent && getComputedStyle(e).position !== 'fixed') continue;
              if (!e.textContent.trim()) continue;
              const fg = lum(rgb(getComputedStyle(e).color)), bg = lum(background(e));
              const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
              if (ratio < 4.5) problems.push(name(e) + ' "' + e.textContent.trim().slice(0, 30) + '" contrast ' + ratio.toFixed(2));
            }
            return [...new Set(problems)];
            """;

    @SuppressWarnings("unchecked")
    public static List<String> problems(ChromeDriver browser) {
        return (List<String>) browser.executeScript(SCRIPT);
    }
}
