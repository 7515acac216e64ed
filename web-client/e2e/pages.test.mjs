// Every page, phone and desktop: loads without console errors, has no serious/critical axe violations,
// and leaves a screenshot in target/screenshots/.
import { describe, test } from 'node:test'
import { DESKTOP, PHONE, assertAccessible, assertNoConsoleErrors, login, newPage, screenshot, settled, setup, url } from './support/harness.mjs'

setup()

async function check(page, name, size) {
  await settled(page)
  await screenshot(page, `${name}-${size}`)
  await assertAccessible(page, `${name} (${size})`)
  assertNoConsoleErrors(page, `${name} (${size})`)
}

for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  describe(`pages at ${size} size`, () => {
    test('signed out: login and talk-now', async () => {
      const { context, page } = await newPage(viewport)
      try {
        await page.goto(url('/login'))
        await check(page, 'login', size)
        await page.getByTestId('talk-now').click()
        await page.waitForURL((u) => u.pathname === '/talk-now')
        await check(page, 'talk-now', size)
      } finally {
        await context.close()
      }
    })

    test('student: experts, expert profile, bookings, waitlist, lessons', async () => {
      const { context, page } = await newPage(viewport)
      try {
        await login(page, 'student001')
        await check(page, 'experts', size)
        await page.getByTestId('expert-open').first().click()
        await page.waitForURL((u) => /^\/experts\/.+/.test(u.pathname))
        await check(page, 'expert-profile', size)
        for (const p of ['bookings', 'waitlist', 'lessons']) {
          await page.goto(url(`/${p}`))
          await check(page, p, size)
        }
      } finally {
        await context.close()
      }
    })

    test('parent: consents', async () => {
      const { context, page } = await newPage(viewport)
      try {
        await login(page, 'parent001')
        await page.goto(url('/consents'))
        await check(page, 'consents', size)
      } finally {
        await context.close()
      }
    })

    test('expert: today and availability', async () => {
      const { context, page } = await newPage(viewport)
      try {
        await login(page, 'expert001')
        await check(page, 'expert-today', size)
        await page.goto(url('/expert/availability'))
        await check(page, 'expert-availability', size)
      } finally {
        await context.close()
      }
    })

    test('hotline console', async () => {
      const { context, page } = await newPage(viewport)
      try {
        await login(page, 'hotline01')
        await page.getByTestId('queue-panel').waitFor()
        await check(page, 'hotline', size)
      } finally {
        await context.close()
      }
    })

    test('admin overview', async () => {
      const { context, page } = await newPage(viewport)
      try {
        await login(page, 'admin01')
        await page.getByTestId('admin-stats').waitFor()
        await check(page, 'admin', size)
      } finally {
        await context.close()
      }
    })
  })
}
