import type { PatientCheck } from './patient-answer';

/** The page's style sheet, served from the gateway (the CSP allows no inline style, no CDN). */
export const PATIENT_CHECK_CSS = `
body { font-family: system-ui, sans-serif; margin: 0; padding: 1rem; max-width: 34rem; color: #1a1a1a; }
h1 { font-size: 1.3rem; }
.answer { border-radius: 0.5rem; padding: 1rem; font-size: 1.1rem; line-height: 1.4; }
.answer[data-status='no-record'] { background: #eef2f7; }
.answer[data-status='dispensed'] { background: #e6f4ea; }
.answer[data-status='recalled'], .answer[data-status='expired'], .answer[data-status='do-not-use'],
.answer[data-status='out-of-circulation'] { background: #fde8e8; border: 2px solid #b3261e; }
.product { font-weight: 600; font-size: 1.15rem; }
a { color: #0b57d0; }
footer { margin-top: 2rem; font-size: 0.85rem; color: #555; }
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The patient's page: plain HTML rendered on the gateway, readable without script at phone size. */
export function patientCheckPage(check: PatientCheck): string {
  const product =
    check.product === undefined ? '' : `<p class="product">${escapeHtml(check.product)}</p>`;
  const leaflet =
    check.leaflet === undefined
      ? ''
      : `<p><a href="${escapeHtml(check.leaflet)}" rel="noopener">Read the patient leaflet</a></p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Check your medicine pack</title>
<link rel="stylesheet" href="/check/check.css">
</head>
<body>
<main>
<h1>Check your medicine pack</h1>
${product}
<p class="answer" data-status="${check.status}">${escapeHtml(check.message)}</p>
${leaflet}
</main>
<footer>This check never tells who you are to anyone. If you are unsure about a medicine, ask your pharmacist.</footer>
</body>
</html>
`;
}
