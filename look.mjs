import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const shots = [
  ['maria.santos@bostoncommunityhealth.example', 390, '/', 'coord-390'],
  ['compliance@baystateonecare.example', 1366, '/', 'officer-1366'],
  ['training@onecare-learning.example', 390, '/', 'trainer-390'],
  ['admin@bostoncommunityhealth.example', 1366, '/compliance', 'provadmin-compliance-1366'],
];
for (const [email, w, path, name] of shots) {
  const ctx = await b.newContext({ viewport: { width: w, height: 900 } });
  const p = await ctx.newPage();
  await p.goto('http://127.0.0.1:3917/');
  await p.getByLabel('E-mail address').fill(email);
  await p.getByRole('textbox', { name: 'Password' }).fill('concord-demo-2026');
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: /^Welcome/ }).waitFor();
  if (path !== '/') await p.goto('http://127.0.0.1:3917' + path);
  await p.waitForLoadState('networkidle');
  await p.waitForTimeout(800);
  await p.screenshot({ path: `/tmp/${name}.png`, fullPage: true });
  await ctx.close();
}
await b.close();
