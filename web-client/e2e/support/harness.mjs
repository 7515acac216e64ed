// Shared helpers for the browser tests: one Chromium per test file (the machine's /usr/bin/chromium,
// never a downloaded one), a fresh context per test, sign-in, axe scans, screenshots and console capture.
import { after, before } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const require = createRequire(import.meta.url)
const here = path.dirname(fileURLToPath(import.meta.url))
export const root = path.resolve(here, '../..')
export const screenshotDir = path.join(root, 'target', 'screenshots')
export const PASSWORD = process.env.WENXIN_DEMO_PASSWORD || 'wenxin-demo-2026'
export const PHONE = { width: 390, height: 844 }
export const DESKTOP = { width: 1280, height: 800 }
export const HOMES = { student001: '/experts', parent001: '/experts', expert001: '/expert/today', hotline01: '/hotline', admin01: '/admin' }
/** The home page a demo account lands on: studentNNN and parentNNN on /experts, expertNNN on /expert/today. */
export function homeOf(username) {
  if (HOMES[username]) return HOMES[username]
  if (/^(student|parent)\d+$/.test(username)) return '/experts'
  if (/^expert\d+$/.test(username)) return '/expert/today'
  if (/^hotline\d+$/.test(username)) return '/hotline'
  if (/^admin\d+$/.test(username)) return '/admin'
  throw new Error(`no home page known for ${username}`)
}
const AXE = require.resolve('axe-core/axe.min.js')

export const ctx = { browser: null, baseUrl: null }

/** Registers before/after hooks: the real service's base URL (WENXIN_BASE_URL) and the browser (extra flags optional). */
export function setup(extraArgs = []) {
  before(async () => {
    ctx.baseUrl = process.env.WENXIN_BASE_URL?.replace(/\/$/, '')
    // Always the real service: the gateway's BrowserJourneyTest starts it, or point at one started by hand.
    if (!ctx.baseUrl) throw new Error('Set WENXIN_BASE_URL to a running Wenxin (infra/scripts/run serves http://localhost:8080)')
    fs.mkdirSync(screenshotDir, { recursive: true })
    ctx.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extraArgs],
    })
  })
  after(async () => {
    await ctx.browser?.close()
  })
}

/** A new context and page, with console errors and page errors collected in page.errors. */
export async function newPage(viewport = DESKTOP, locale = 'zh-CN') {
  const context = await ctx.browser.newContext({ viewport, locale, baseURL: ctx.baseUrl, timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.errors = []
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(`console: ${m.text()} @ ${page.url()}`)
  })
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message} @ ${page.url()}`))
  return { context, page }
}

export function url(p) {
  return ctx.baseUrl + p
}

/** Waits until the page shows its heading and no loading skeleton is left. */
export async function settled(page) {
  await page.locator('main h1').first().waitFor({ state: 'visible' })
  await page.waitForFunction(() => !document.querySelector('main .skeleton'), null, { timeout: 15_000 })
  await page.waitForLoadState('networkidle').catch(() => {})
}

/** Calls the API as the page's signed-in user (its token is in sessionStorage): {status, body}. */
export function apiAs(page, path, method = 'GET', body) {
  return page.evaluate(
    async ([p, m, b]) => {
      const res = await fetch(p, {
        method: m,
        headers: { Authorization: `Bearer ${sessionStorage.getItem('wenxin.accessToken')}`, 'Content-Type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      })
      return { status: res.status, body: res.status === 204 ? null : await res.json() }
    },
    [path, method, body],
  )
}

export async function login(page, username, password = PASSWORD) {
  await page.goto(url('/login'))
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(password)
  await page.getByTestId('login-submit').click()
  const home = homeOf(username)
  await page.waitForURL((u) => u.pathname === home, { timeout: 15_000 })
  await settled(page)
}

/** Runs axe-core in the page; fails on any serious or critical violation. */
export async function assertAccessible(page, label) {
  // addScriptTag({path}) inlines the file, which the gateway's CSP (script-src 'self') rightly blocks.
  // So the test serves axe.min.js at a same-origin URL (intercepted here, never reaching the server).
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    if (!page.axeRouted) {
      await page.route('**/__e2e__/axe.min.js', (route) => route.fulfill({ path: AXE, contentType: 'text/javascript' }))
      page.axeRouted = true
    }
    await page.addScriptTag({ url: `${ctx.baseUrl}/__e2e__/axe.min.js` })
  }
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\n').slice(0, 2).join(' ')) }))
  })
  const bad = results.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  assert.deepEqual(bad, [], `axe violations on ${label}:\n${JSON.stringify(bad, null, 2)}`)
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true })
}

export function assertNoConsoleErrors(page, label) {
  assert.deepEqual(page.errors, [], `console errors on ${label}`)
}
