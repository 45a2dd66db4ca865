// Gateway API in the page: install it and Traefik v3 from the terminal as Traefik's docs say, convert the seed's
// Ingress with the To Gateway API button, write a 90/10 canary into gateway.yaml's editor, and watch the split.
import { test, expect } from '@playwright/test';
import { Playground } from './playground.mjs';

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: traefik
spec:
  controllerName: traefik.io/gateway-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: traefik
spec:
  gatewayClassName: traefik
  listeners:
  - name: http
    port: 80
    protocol: HTTP
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: nginx
spec:
  parentRefs:
  - name: traefik
  rules:
  - backendRefs:
    - name: nginx-service
      port: 80
      weight: 90
    - name: nginx-canary
      port: 80
      weight: 10
`;

test('a Gateway and a weighted HTTPRoute written in the editor split requests 90/10', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await expect(playground.pods()).toHaveCount(3);
  for (const line of [
    'kubectl apply -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml',
    'kubectl apply -f https://raw.githubusercontent.com/traefik/traefik/v3.6/docs/content/reference/dynamic-configuration/kubernetes-gateway-traefik-lb-svc.yml',
    'kplay lb-pool 192.168.0.240-192.168.0.250',
    'kubectl create deployment nginx-canary --image=nginx:1.27',
    'kubectl expose deployment nginx-canary --port=80',
  ]) {
    await playground.run(line);
  }
  // The button converts the seed's Ingress into gateway.yaml and opens its editor.
  await page.getByTestId('to-gateway').click();
  await expect(playground.editor('gateway.yaml')).toBeVisible();
  await expect.poll(() => playground.editorText('gateway.yaml')).toContain('kind: HTTPRoute');
  await playground.editor('gateway.yaml').evaluate((el, text) => kplayEditor.find(el).paste(text), GATEWAY);
  await expect(page.getByTestId('gateway')).toHaveCount(1);
  await expect(page.locator('[data-testid="httproute"][data-name="nginx"]')).toHaveCount(1);
  await playground.run('sleep 10');
  await playground.run('kubectl get gateway traefik');
  await expect(playground.terminalText()).toContainText(/traefik\s+traefik\s+192\.168\.0\.240\s+True/);
  await page.getByTestId('target').selectOption({ label: '192.168.0.240:80 (LoadBalancer traefik)' });
  await page.getByTestId('fire-100').click();
  const versions = page.getByTestId('versions');
  await expect(versions.locator('li[data-version="1.17"]')).toHaveAttribute('data-count', '90');
  await expect(versions.locator('li[data-version="1.27"]')).toHaveAttribute('data-count', '10');
  // The trace names the listener, the HTTPRoute rule and the weights.
  await playground.results().first().click();
  await expect(page.locator('[data-testid="hop"][data-step="gateway"]')).toContainText('listener http of gateway/traefik');
  await expect(page.locator('[data-testid="hop"][data-step="route"]').last()).toContainText('splits by weight');
  await page.getByTestId('compare').click();
  await expect(playground.terminalText()).toContainText('GATEWAY (traefik, 192.168.0.240:80)');
  await page.screenshot({ path: 'test-results/gateway.png', fullPage: true });
  playground.expectNoProblems();
});
