// /reports in real Chromium (playwright-core, Debian's /usr/bin/chromium): log in with
// the admin token through the page's form, show the scripted day of test_report_day.c,
// check its tables cell by cell against the figures worked out by hand from that
// script (not by the report code), then a range, then screenshots and an A4 PDF.
//   node reports.mjs URL OUTDIR     (run from the folder web_node installed it in)
import { chromium } from 'playwright-core';

const [url, out] = process.argv.slice(2);
const ADMIN = 'admin-report-token-0000';

// test_report_day.c's script, 2026-11-27: per service issued at kiosk, arrived,
// served, no-show, cancelled, wait p50 / p90 / max, mean service time; "–" = none.
const services = {
  DISNAKER: ['3', '5', '3', '1', '0', '5 m 40 s', '9 m 40 s', '9 m 40 s', '3 m 20 s'],
  KESEHATAN: ['1', '4', '2', '0', '1', '6 m 40 s', '8 m 20 s', '8 m 20 s', '3 m 20 s'],
  SKCK: ['0', '1', '1', '0', '0', '40 m', '40 m', '40 m', '1 m 40 s'],
  INFO: ['0', '0', '0', '0', '0', '–', '–', '–', '–'],
};
const counters = { 1: ['2', '4 m 10 s'], 2: ['2', '2 m 30 s'], 3: ['1', '3 m 20 s'],
                   4: ['1', '1 m 40 s'] };
const journeys = { CPMI: ['2', '1'] };
const hours = { '08': ['08:00', '3', '5', '6 m 40 s', '9 m 40 s'],
                '09': ['09:00', '3', '3', '6 m 40 s', '40 m'] };

let failures = 0;
function fail(msg) { console.error('FAIL: ' + msg); failures++; }

// Every row of table id: data-id → its cells' text (the first cell dropped unless all).
async function rows(page, id, all) {
  return page.$$eval(`#${id} tr[data-id]`, (trs, keepFirst) => Object.fromEntries(trs.map(
    (tr) => [tr.dataset.id, [...tr.cells].slice(keepFirst ? 0 : 1).map((c) => c.textContent)])),
    all);
}

async function expectTable(page, id, want, all) {
  const got = await rows(page, id, all);
  for (const [key, cells] of Object.entries(want)) {
    if (JSON.stringify(got[key]) !== JSON.stringify(cells))
      fail(`table ${id} row ${key}: ${JSON.stringify(got[key])}, expected ${JSON.stringify(cells)}`);
  }
}

async function show(page, from, to) {
  await page.fill('input[name=from]', from);
  await page.fill('input[name=to]', to);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => fail('page error: ' + e.message));

  // a wrong token: the form again with the sentence, no figures
  await page.goto(url + '/reports');
  await page.fill('input[name=token]', 'not-the-admin-token-000');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  const err = await page.textContent('#error').catch(() => '');
  if (!err.includes('This is not the admin token')) fail('no sentence for a wrong token: ' + err);
  if (await page.$('#services')) fail('figures shown for a wrong token');
  await page.screenshot({ path: `${out}/web-reports-signin.png` });

  await page.fill('input[name=token]', ADMIN);
  await show(page, '2026-11-27', '2026-11-27');
  if (page.url().includes(ADMIN)) fail('the token is in the URL: ' + page.url());
  await expectTable(page, 'services', services);
  await expectTable(page, 'counters', counters);
  await expectTable(page, 'journeys', journeys);
  await expectTable(page, 'hours', hours, true);
  if ((await page.$$('svg')).length !== 4) fail('not four charts');
  await page.screenshot({ path: `${out}/web-reports.png`, fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });   // A4 at 96 dpi
  await page.screenshot({ path: `${out}/web-reports-a4.png`, fullPage: true });
  await page.pdf({ path: `${out}/web-reports-a4.pdf`, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });

  // the range: the token went along in the form, no second login
  await show(page, '2026-11-27', '2026-11-28');
  await expectTable(page, 'days', { '2026-11-27': ['2026-11-27', '6', '6', '1', '1', '1'],
                                    '2026-11-28': ['2026-11-28', '1', '1', '0', '0', '0'] },
                    true);
  // over both days (test_report_day.c's range: DISNAKER gains A001 of the 28th, wait
  // 120 s, 180 s at counter 1): waits 100 120 300 340 400 580 → p50 300, p90 580;
  // mean (300+200+100+180)/4 = 195; counter 1 (300+200+180)/3 = 226
  await expectTable(page, 'services', { DISNAKER: ['4', '6', '4', '1', '0', '5 m',
    '9 m 40 s', '9 m 40 s', '3 m 15 s'] });
  await expectTable(page, 'counters', { 1: ['3', '3 m 46 s'] });
  const period = await page.textContent('#period');
  if (period !== '2026-11-27 – 2026-11-28') fail('period: ' + period);
  await page.screenshot({ path: `${out}/web-reports-range.png`, fullPage: true });

  // a range the wrong way round: the form again with the server's sentence, no figures
  await show(page, '2026-11-28', '2026-11-27');
  const back = await page.textContent('#error').catch(() => '');
  if (!back.includes('is after')) fail('no sentence for a reversed range: ' + back);
  if (await page.$('#services')) fail('figures shown for a reversed range');
  await browser.close();
  if (failures) process.exit(1);
  console.log('reports page: ok');
