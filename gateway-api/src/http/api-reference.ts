import { dirname } from 'node:path';
import express, { type Router } from 'express';

/** The swagger-ui-dist folder, found through Node's resolver so it works in any install layout. */
const SWAGGER_UI = dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>packtrace API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

/**
 * GET /docs: the interactive reference of the API, rendered from /openapi.json by Swagger UI
 * served from the gateway itself (no internet, no inline script, so the CSP stays strict).
 */
export function apiReference(): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.use('/assets', express.static(SWAGGER_UI, { index: false, maxAge: '1d' }));
  return router;
}
