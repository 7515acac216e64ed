// Every page at a 360 px phone and a 1440 px desktop, in Chinese and in English: no console errors, nothing wider
// than the screen, no English sentence or validator text in the Chinese UI, no serious/critical axe violations
// (checked in Chinese), and a screenshot of each in target/screenshots/<page>-<width>-<lang>.png.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { assertAccessible, assertNoConsoleErrors, login, newPage, screenshot, settled, setup, url } from './support/harness.mjs'

setup()

const SIZES = [
  ['360', { width: 360, height: 780 }],
  ['1440', { width: 1440, height: 900 }],
]
// Three Latin words in a row is a sentence that slipped through untranslated (names, numbers and "EN" are fine).
const ENGLISH_SENTENCE = /\b[A-Za-z]{2,}[ ,'’]+[A-Za-z]{2,}[ ,'’]+[A-Za-z]{2,}\b/
const VALIDATOR_WORDS = /schema|additional propert|does not match|must be|is not valid|Bad request|Unprocessable|Forbidden/i

async function check(page, name, width, lang) {
  await settled(page)
  await screenshot(page, `${name}-${width}-${lang}`)
  const fit = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }))
  assert.ok(fit.scroll <= fit.inner, `${name} at ${width} px (${lang}) is ${fit.scroll} px wide`)
  if (lang === 'zh-CN') {
    const text = await page.evaluate(() => document.body.innerText)
    assert.doesNotMatch(text, ENGLISH_SENTENCE, `${name} (${width}) shows English in the Chinese UI`)
    assert.doesNotMatch(text, VALIDATOR_WORDS, `${name} (${width}) shows validator text`)
    await assertAccessible(page, `${name} (${width})`)
  }
  assertNoConsoleErrors(page, `${name} (${width}, ${lang})`)
}

async function open(viewport, lang) {
  const { context, page } = await newPage(viewport, lang)
  await context.addInitScript((l) => localStorage.setItem('wenxin.locale', l), lang)
  return { context, page }
}

for (const lang of ['zh-CN', 'en']) {
  for (const [width, viewport] of SIZES) {
    describe(`pages at ${width} px in ${lang}`, () => {
      test('signed out: login and talk-now', async () => {
        const { context, page } = await open(viewport, lang)
        try {
          await page.goto(url('/login'))
          await check(page, 'login', width, lang)
          await page.getByTestId('talk-now').click()
          await page.waitForURL((u) => u.pathname === '/talk-now')
          await check(page, 'talk-now', width, lang)
        } finally {
          await context.close()
        }
      })

      test('student: experts, expert profile, bookings, waitlist, lessons', async () => {
        const { context, page } = await open(viewport, lang)
        try {
          await login(page, 'student001')
          await check(page, 'experts', width, lang)
          await page.getByTestId('expert-open').first().click()
          await page.waitForURL((u) => /^\/experts\/.+/.test(u.pathname))
          await check(page, 'expert-profile', width, lang)
          for (const p of ['bookings', 'waitlist', 'lessons']) {
            await page.goto(url(`/${p}`))
            await check(page, p, width, lang)
          }
        } finally {
          await context.close()
        }
      })

      test('parent: experts and consents', async () => {
        const { context, page } = await open(viewport, lang)
        try {
          await login(page, 'parent001')
          await check(page, 'parent-experts', width, lang)
          await page.goto(url('/consents'))
          await check(page, 'consents', width, lang)
        } finally {
          await context.close()
        }
      })

      test('expert: today and availability', async () => {
        const { context, page } = await open(viewport, lang)
        try {
          await login(page, 'expert001')
          await check(page, 'expert-today', width, lang)
          await page.goto(url('/expert/availability'))
          await check(page, 'expert-availability', width, lang)
        } finally {
          await context.close()
        }
      })

      test('hotline console and admin', async () => {
        const { context, page } = await open(viewport, lang)
        try {
          await login(page, 'hotline01')
          await page.getByTestId('queue-panel').waitFor()
          await check(page, 'hotline', width, lang)
          await page.getByTestId('sign-out').click()
          await page.waitForURL((u) => u.pathname === '/login')
          await login(page, 'admin01')
          await page.getByTestId('admin-stats').waitFor()
          await check(page, 'admin', width, lang)
        } finally {
          await context.close()
        }
      })
    })
  }
}
