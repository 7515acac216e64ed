import { chromium } from 'playwright-core'
import { writeFileSync } from 'node:fs'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--autoplay-policy=no-user-gesture-required'] })
const page = await browser.newPage()
await page.goto('http://127.0.0.1:1/').catch(() => {})
await page.setContent('<canvas id=c width=480 height=270></canvas>')
const b64 = await page.evaluate(async () => {
  const c = document.getElementById('c'); const g = c.getContext('2d')
  const slides = ['温心课堂 · 回放示例', '1. 给情绪起个名字', '2. 深呼吸：吸气 4 秒，呼气 6 秒', '3. 找一个可以说话的人', '需要帮助：96525 / 92355']
  const rec = new MediaRecorder(c.captureStream(15), { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 150000 })
  const chunks = []; rec.ondataavailable = (e) => chunks.push(e.data)
  rec.start(); const t0 = performance.now()
  await new Promise((done) => { const tick = () => { const s = (performance.now() - t0) / 1000; if (s > 10) { rec.stop(); rec.onstop = done; return }
    g.fillStyle = '#e8f4ef'; g.fillRect(0, 0, 480, 270); g.fillStyle = '#0b6e4f'; g.font = '28px sans-serif'; g.textAlign = 'center'
    g.fillText(slides[Math.min(4, Math.floor(s / 2))], 240, 140); g.fillRect(0, 260, 48 * s, 10); requestAnimationFrame(tick) }; tick() })
  const blob = new Blob(chunks, { type: 'video/webm' }); const buf = new Uint8Array(await blob.arrayBuffer())
  let bin = ''; for (const x of buf) bin += String.fromCharCode(x); return btoa(bin)
})
writeFileSync(process.argv[2], Buffer.from(b64, 'base64'))
await browser.close()
