import { packCodeFromFields, packHumanReadable, parseItemCode, Gs1Error } from '@packtrace/gs1';
import { ApiFailure, client, newRequestKey, ok, once } from '../api/api-client';
import { CameraScanner, type CameraProblem } from '../scan/camera-scanner';
import { announce, field, h, replace, statusLine } from '../ui/dom';
import { partnerTraceRequests } from './partner-trace-requests';
import { casePanel } from './case-panel';
import { dispensedPanel } from './dispensed-panel';
import { dispenseOnScanSwitch } from './dispense-on-scan-switch';
import { verdictPanel, type Verdict } from './verdict-panel';

/** The SSCC of a scanned case or pallet label, or undefined for anything else. */
function ssccOf(code: string): string | undefined {
  try {
    const item = parseItemCode(code);
    return item.kind === 'container' ? item.sscc : undefined;
  } catch {
    // Not a code this parser reads as either: the pack check says what is wrong with it.
    return undefined;
  }
}

/**
 * The pharmacist's scanner: the camera opens at once; a read code is verified and recorded,
 * and the verdict says whether to hand the pack over. Dispensing is a separate, deliberate
 * click, unless the pharmacist switched on "Dispense on scan": then a single pack is verified
 * and dispensed in one transaction (POST /dispensations), one write per pack instead of two.
 */
export function pharmacistView(): { element: HTMLElement; dispose: () => void } {
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const cameraStatus = h(
    'p',
    { class: 'camera-status', id: 'camera-status' },
    'Starting the camera… allow access when your browser asks.',
  );
  let lastCode: string | undefined;
  // The key of a dispensation whose outcome is not known yet (network failure, 5xx, pending):
  // a retry of the same code sends it again, so the gateway replays or settles the first
  // attempt instead of dispensing twice.
  let unsettled: { code: string; key: string } | undefined;
  const mode = dispenseOnScanSwitch((on) => {
    checkButton.textContent = on ? 'Check and dispense' : 'Check pack';
    announce(on ? 'Dispense on scan is on.' : 'Dispense on scan is off: scans only check.');
  });

  const scanner = new CameraScanner(
    (code) => void check(code),
    (problem: CameraProblem) => {
      cameraStatus.textContent =
        problem === 'denied'
          ? 'The camera is blocked. Allow camera access in the browser, or type the code below.'
          : 'No camera is available here. Type the code below.';
      cameraStatus.className = 'camera-status warn';
      manualCode.focus();
    },
  );

  const check = async (code: string): Promise<void> => {
    lastCode = code;
    const sscc = ssccOf(code);
    if (sscc !== undefined) {
      await checkCase(sscc);
      return;
    }
    if (mode.isOn()) {
      await checkAndDispense(code);
      return;
    }
    replace(result, h('p', { class: 'checking' }, 'Checking the pack…'));
    try {
      const verdict = await ok(
        client.POST('/api/v1/scans', { body: { code }, headers: once(newRequestKey()) }),
      );
      showVerdict(verdict);
      measureScanToVerdict();
    } catch (error) {
      showFailure(error);
    }
  };

  const measureScanToVerdict = (): void => {
    if (performance.getEntriesByName('packtrace:code-read').length > 0) {
      performance.measure('packtrace:scan-to-verdict', 'packtrace:code-read');
      performance.clearMarks('packtrace:code-read');
    }
  };

  // Dispense on scan: one transaction records the verification and, when the pack may be
  // supplied, dispenses it.
  const checkAndDispense = async (code: string): Promise<void> => {
    replace(result, h('p', { class: 'checking' }, 'Checking and dispensing the pack…'));
    const key = unsettled?.code === code ? unsettled.key : newRequestKey();
    unsettled = { code, key };
    try {
      const answer = await ok(
        client.POST('/api/v1/dispensations', { body: { code }, headers: once(key) }),
      );
      unsettled = undefined;
      if (answer.dispensed === null) showVerdict(answer);
      else showDispensed(answer);
      measureScanToVerdict();
    } catch (error) {
      // A definite refusal (a 4xx other than an attempt still pending) changed nothing, so a new
      // attempt may take a new key; otherwise the first attempt may have been done: keep its key.
      const settled =
        error instanceof ApiFailure &&
        !error.network &&
        error.status >= 400 &&
        error.status < 500 &&
        error.code !== 'OUTCOME_PENDING' &&
        error.code !== 'REQUEST_IN_PROGRESS';
      if (settled) unsettled = undefined;
      showFailure(error, !settled);
    }
  };

  // A case or pallet label: every pack inside is verified (read-only) and may be dispensed at once.
  const checkCase = async (sscc: string): Promise<void> => {
    replace(result, h('p', { class: 'checking' }, 'Checking the packs in the case…'));
    try {
      const answer = await ok(
        client.POST('/api/v1/containers/{sscc}/verify', { params: { path: { sscc } } }),
      );
      const panel = casePanel(answer, h('div', { class: 'actions' }, nextButton()));
      replace(result, panel);
      panel.focus();
      announce(
        answer.doNotSupply === 0
          ? `All ${String(answer.total)} packs genuine, safe to dispense.`
          : `Do not dispense: ${String(answer.doNotSupply)} of ${String(answer.total)} packs refused.`,
      );
    } catch (error) {
      showFailure(error);
    }
  };

  const showFailure = (error: unknown, dispenseMayBeDone = false): void => {
    const failure =
      error instanceof ApiFailure
        ? error
        : new ApiFailure(0, 'UNKNOWN', 'Something went wrong.', false);
    const retry = h(
      'button',
      { type: 'button', onclick: () => lastCode !== undefined && void check(lastCode) },
      'Try again',
    );
    replace(
      result,
      h(
        'div',
        { class: 'card failure', role: 'alert' },
        h('h2', {}, failure.network ? 'No connection' : 'The check could not be done'),
        h(
          'p',
          {},
          failure.message,
          failure.network
            ? dispenseMayBeDone
              ? ' The scanned code is kept; Try again finishes it without dispensing the pack twice.'
              : ' The scanned code is kept; nothing was recorded.'
            : '',
        ),
        h(
          'p',
          { class: 'kept-code' },
          'Scanned code: ',
          h('code', {}, (lastCode ?? '').split('\u001d').join('⟨GS⟩')),
        ),
        retry,
        nextButton(),
      ),
    );
    retry.focus();
  };

  const nextButton = () =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          replace(result);
          scanner.resume();
          announce('Ready to scan the next pack.');
        },
      },
      'Scan next pack',
    );

  const showDispensed = (verdict: Verdict): void => {
    const panel = dispensedPanel(verdict, h('div', { class: 'actions' }, nextButton()));
    replace(result, panel);
    panel.focus();
    announce('Dispensed: genuine, recorded as supplied to the patient.');
  };

  const showVerdict = (verdict: Verdict): void => {
    const status = statusLine();
    const actions = h('div', { class: 'actions' });
    const note = h('textarea', { name: 'note', rows: '2', maxlength: '1000' });
    const flagForm = h(
      'form',
      {
        class: 'flag-form',
        hidden: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          ok(
            client.POST('/api/v1/alerts', {
              body: {
                gtin: verdict.code.gtin,
                serial: verdict.code.serial,
                note: note.value.trim() || 'suspect pack',
              },
              headers: once(newRequestKey()),
            }),
          )
            .then(() =>
              status.ok(
                'Flagged. The pack is quarantined until the regulator decides; set it aside.',
              ),
            )
            .catch((error: unknown) =>
              status.error(
                error instanceof ApiFailure ? error.message : 'Could not flag the pack.',
              ),
            );
        },
      },
      field('What looks wrong?', note),
      h('button', { type: 'submit', class: 'danger' }, 'Flag as suspect'),
    );
    if (verdict.verdict === 'AUTHENTIC_ACTIVE') {
      const dispense = h(
        'button',
        {
          type: 'button',
          class: 'primary',
          onclick: () => {
            dispense.disabled = true;
            ok(
              client.POST('/api/v1/packs/{gtin}/{serial}/dispense', {
                params: { path: { gtin: verdict.code.gtin, serial: verdict.code.serial } },
                headers: once(newRequestKey()),
              }),
            )
              .then(() =>
                status.ok('Dispensed. The pack is now recorded as supplied to the patient.'),
              )
              .catch((error: unknown) => {
                dispense.disabled = false;
                status.error(error instanceof ApiFailure ? error.message : 'Could not dispense.');
              });
          },
        },
        'Dispense',
      );
      actions.append(dispense);
    }
    actions.append(
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => (flagForm.hidden = !flagForm.hidden) },
        'Flag as suspect…',
      ),
      nextButton(),
    );
    const panel = verdictPanel(verdict, h('div', {}, actions, flagForm, status.element));
    replace(result, panel);
    panel.focus();
    announce(
      verdict.verdict === 'AUTHENTIC_ACTIVE'
        ? 'Genuine, safe to dispense.'
        : `Do not dispense: ${verdict.reasons.map((r) => r.message).join(' ')}`,
    );
  };

  // Manual entry: any code form in one box, or the printed fields one by one.
  const manualCode = h('input', {
    name: 'code',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: '(01)…(21)… or https://…/01/…/21/…',
  });
  const manualStatus = statusLine();
  const checkButton = h(
    'button',
    { type: 'submit' },
    mode.isOn() ? 'Check and dispense' : 'Check pack',
  );
  const gtin = h('input', { name: 'gtin', inputmode: 'numeric', autocomplete: 'off' });
  const serial = h('input', { name: 'serial', autocomplete: 'off' });
  const lot = h('input', { name: 'lot', autocomplete: 'off' });
  const expiry = h('input', {
    name: 'expiry',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: 'YYMMDD',
  });
  const manual = h(
    'form',
    {
      class: 'card manual',
      'aria-labelledby': 'manual-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        manualStatus.clear();
        let code = manualCode.value.trim();
        if (code === '') {
          try {
            code = packHumanReadable(
              packCodeFromFields({
                gtin: gtin.value.trim(),
                serial: serial.value.trim(),
                ...(lot.value.trim() === '' ? {} : { lot: lot.value.trim() }),
                ...(expiry.value.trim() === '' ? {} : { expiry: expiry.value.trim() }),
              }),
            );
          } catch (error) {
            manualStatus.error(
              error instanceof Gs1Error
                ? `Check the ${error.field ?? 'code'}: ${error.message}.`
                : 'Enter a code.',
            );
            return;
          }
        }
        scanner.pause();
        void check(code);
      },
    },
    h('h2', { id: 'manual-title' }, 'Type the code'),
    field('Code as printed or scanned', manualCode, 'Or fill in the fields below'),
    h(
      'div',
      { class: 'grid' },
      field('GTIN (01)', gtin),
      field('Serial (21)', serial),
      field('Lot (10)', lot),
      field('Expiry (17)', expiry),
    ),
    checkButton,
    manualStatus.element,
  );

  const element = h(
    'main',
    { id: 'main', class: 'pharmacist' },
    h('h1', {}, 'Scan a pack'),
    mode.element,
    h(
      'section',
      { 'aria-labelledby': 'camera-title', class: 'card' },
      h('h2', { id: 'camera-title', class: 'visually-hidden' }, 'Camera'),
      scanner.element,
      cameraStatus,
    ),
    result,
    manual,
    partnerTraceRequests(),
  );
  void scanner.start().then(() => {
    if (cameraStatus.className !== 'camera-status warn') {
      cameraStatus.textContent = 'Point the camera at the pack’s DataMatrix or QR code.';
    }
  });
  return { element, dispose: () => scanner.stop() };
}
