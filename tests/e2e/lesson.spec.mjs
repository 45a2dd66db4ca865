// Lesson 1, the seed tutorial, done in Japanese as a learner does it: typing in the editors and the terminal, each
// step confirmed by the cluster's state; and bad lessons refused with a reason while the page stays usable.
import { test, expect } from '@playwright/test';
import { Playground } from './playground.mjs';

/** Retypes a piece of a file's text (the same text), so the editor applies the file as a learner's edit would. */
async function retype(playground, file, text) {
  await playground.edit(file, text, text.slice(0, -1));
  await playground.page.keyboard.type(text.slice(-1));
}

async function expectPassed(page) {
  await expect(page.getByTestId('lesson-passed')).toContainText('完了');
}

async function next(page) {
  await page.getByTestId('lesson-next').click();
}

test('lesson 1 is completed in Japanese by typing in the editors and the terminal', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('kplay.lang', '"ja"'));
  const playground = new Playground(page);
  await page.goto('/#lesson=seed');
  await expect(page.getByTestId('lesson')).toBeVisible();
  await expect(page.getByTestId('lesson-step-title')).toHaveText('1. Deployment で Pod を3つ動かす');
  await expect(playground.pods()).toHaveCount(0);
  // Asked too early, the check says what the cluster lacks.
  await page.getByTestId('lesson-check').click();
  await expect(page.getByTestId('lesson-unmet')).toContainText('deployment/nginx-deployment はまだありません');
  await playground.fastForward();

  await retype(playground, 'deployment.yaml', 'replicas: 3');
  await expectPassed(page);
  await expect(page.getByTestId('lesson-progress')).toHaveText('1/7');

  await next(page);
  const victim = await page.evaluate(() => window.kplay.state().pods.find((p) => p.namespace === 'default').name);
  await playground.run(`kubectl delete pod ${victim}`);
  await expectPassed(page);

  await next(page);
  await retype(playground, 'service.yaml', 'port: 80');
  await expectPassed(page);

  await next(page);
  await playground.run(`kubectl patch service nginx-service -p '{"spec":{"type":"NodePort"}}'`);
  const nodePort = await page.locator('[data-testid="target"] option', { hasText: 'NodePort nginx-service' }).first().getAttribute('value');
  await page.getByTestId('target').selectOption(nodePort);
  await page.getByTestId('fire').click();
  await expectPassed(page);

  await next(page);
  await playground.run('kubectl apply -f https://raw.githubusercontent.com/traefik/traefik/v1.7/examples/k8s/traefik-rbac.yaml');
  await playground.run('kubectl apply -f https://raw.githubusercontent.com/traefik/traefik/v1.7/examples/k8s/traefik-ds.yaml');
  await expectPassed(page);

  await next(page);
  await retype(playground, 'ingress.yaml', 'number: 80');
  await expectPassed(page);

  await next(page);
  await page.getByTestId('lesson-check').click();
  await expect(page.getByTestId('lesson-unmet')).toContainText('まだリクエストを送っていません');
  await playground.run('curl http://192.168.0.11/');
  await expect(page.getByTestId('lesson-passed')).toContainText('すべてのステップが完了しました');
  await expect(page.getByTestId('lesson-progress')).toHaveText('7/7');

  // Progress is kept: the lesson opens again where it was left.
  await page.reload();
  await expect(page.getByTestId('lesson-progress')).toHaveText('7/7');
  await expect(page.getByTestId('lesson-step-title')).toHaveText('7. http://<ノードの IP アドレス>/ を開く');
  playground.expectNoProblems();
});

test('Show me does the step visibly, and a broken lesson file says why while the page stays usable', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await page.getByTestId('lesson-chooser').selectOption('seed');
  await expect(page.getByTestId('lesson')).toBeVisible();
  await page.getByTestId('lesson-solution').click();
  await expect(playground.terminalText()).toContainText('kubectl get deployment,pod');
  await playground.fastForward();
  await expect(page.getByTestId('lesson-passed')).toBeVisible();

  const broken = 'id: x\ntitle: {en: X, ja: X}\nsummary: {en: X, ja: X}\nsteps:\n  - id: a\n    title: {en: A}\n';
  await page.getByTestId('open-file').setInputFiles({ name: 'lesson.yaml', mimeType: 'text/yaml', buffer: Buffer.from(broken) });
  await expect(page.getByTestId('share-notice')).toContainText('line 6');
  await expect(page.getByTestId('share-notice')).toContainText('missing field `ja`');
  await expect(page.getByTestId('lesson')).toBeVisible();
  // An author's lesson file opens; Reset step puts the cluster back as the step began.
  const own = [
    'id: mine', 'title: {en: Mine, ja: 自作}', 'summary: {en: Scale, ja: スケール}', 'start: {opening: seed}', 'steps:',
    '  - id: five', '    title: {en: Five Pods, ja: Pod を5つ}', '    text: {en: Scale to five., ja: 5つにします。}',
    '    solution: {run: [kubectl scale deployment nginx-deployment --replicas=5]}',
    '    checks: [{deployment: {name: nginx-deployment, available: 5}}]', '',
  ].join('\n');
  await page.getByTestId('open-file').setInputFiles({ name: 'lesson.yaml', mimeType: 'text/yaml', buffer: Buffer.from(own) });
  await expect(page.getByTestId('lesson-step-title')).toHaveText('1. Five Pods');
  await expect(playground.pods()).toHaveCount(3);
  await playground.run('kubectl scale deployment nginx-deployment --replicas=5');
  await expect(page.getByTestId('lesson-passed')).toBeVisible();
  await page.getByTestId('lesson-reset-step').click();
  await expect(playground.pods()).toHaveCount(3);
  await expect(page.getByTestId('lesson-progress')).toHaveText('1/1');

  await page.goto('about:blank');
  await page.goto('/#lesson=no-such-lesson');
  await expect(page.getByTestId('lesson-error')).toBeVisible();
  await playground.run('kubectl get pods');
  await expect(playground.terminalText()).toContainText('nginx-deployment-');
  playground.expectNoProblems();
});
