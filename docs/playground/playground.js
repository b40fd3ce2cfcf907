// The playground page: controls built from the settings the WebAssembly module describes
// (docs/playground/src/settings.cpp), the training loop, and the drawings. Plain JavaScript, no
// library; it works from file:// (the module is one script with the WebAssembly inside).
//
// The page's contract for automation: the query string (or fragment) is the setup, plus
//   autorun=1   start training on load,   steps=N   stop after N steps,   speed=1|10|auto;
// the element #status carries data-step, data-loss (training loss), data-test-loss and data-state
// (loading, ready, running, error); window.playground has exportCpp(steps, every), weightsBase64(),
// state(), info(), query(), losses() (the curve: step, train, test) and link() (of Copy link).
(function () {
  'use strict';

  const PAGE_KEYS = ['steps', 'autorun', 'speed'];
  const GROUP_OF = { data: 'group-data', network: 'group-network', training: 'group-training' };
  // Changing a setting resets the ones whose default depends on it.
  const DEPENDENTS = {
    dataset: ['n', 'noise', 'classes', 'loss'],
    classes: ['loss'],
    opt: ['momentum', 'nesterov', 'beta1', 'beta2', 'rho', 'centered', 'eps', 'momentum_decay',
          'initial_accumulator', 'lr_power', 'ftrl_l1', 'ftrl_l2', 'ftrl_beta'],
    schedule: ['decay', 'decay_steps', 'alpha'],
    init: ['init_scale'],
    bn: ['bn_momentum'],
  };
  const NAMES = {
    xor: 'XOR', circles: 'circles', moons: 'two moons', spiral: 'spiral', blobs: 'Gaussian blobs',
    nonseparable: "non-separable (deck 4)", sine: 'sine (regression)',
    identity: 'identity (linear)', step: 'step', sigmoid: 'sigmoid', tanh: 'tanh', relu: 'ReLU',
    leaky_relu: 'leaky ReLU', prelu: 'PReLU (learned slope)', rrelu: 'RReLU (random slope)', elu: 'ELU',
    selu: 'SELU', gelu: 'GELU', gelu_tanh: 'GELU (tanh form)',
    glorot_uniform: 'Glorot uniform', glorot_normal: 'Glorot normal', he_uniform: 'He uniform',
    he_normal: 'He normal', lecun_uniform: 'LeCun uniform', lecun_normal: 'LeCun normal',
    normal: 'normal (0, scale)', truncated_normal: 'truncated normal', uniform: 'uniform [-scale, scale]',
    constant: 'constant (scale)',
    bce: 'BCE (sigmoid output)', bce_logits: 'BCE from logits', ce: 'cross-entropy (softmax)',
    softmax_ce: 'softmax CE from logits', nll: 'NLL (log-softmax)', mse: 'MSE', mae: 'MAE',
    sgd: 'SGD (momentum, Nesterov)', rmsprop: 'RMSprop', adam: 'Adam', adadelta: 'Adadelta', adagrad: 'Adagrad',
    adamax: 'Adamax', nadam: 'Nadam', ftrl: 'FTRL', amsgrad: 'AMSGrad',
    inverse_time: 'inverse-time decay', exponential: 'exponential decay', cosine: 'cosine decay',
  };
  const SCHEDULE_NAMES = { constant: 'constant', step: 'step decay' };  // names shared with other settings
  const CLASS_COLORS = [[232, 113, 10], [31, 111, 209], [44, 160, 44], [148, 103, 189], [140, 86, 75]];
  const POS = [31, 111, 209], NEG = [232, 113, 10];

  const $ = (id) => document.getElementById(id);
  let M = null, api = null;
  let info = null, state = null, params = [];
  let losses = [];
  let running = false, target = null, speed = 'auto', autoSteps = 10;
  let failed = false;  // the last training call stopped on a NaN or infinite loss
  let speedWindow = { t: 0, steps: 0 };
  const lastDraw = { map: 0, net: 0 };

  // ---------------------------------------------------------------- query strings
  function parseQuery(text) {
    const out = [];
    const s = text.replace(/^[?#]/, '');
    if (!s) return out;
    for (const part of s.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const k = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
      const v = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
      out.push([k, v]);
    }
    return out;
  }
  const enc = (s) => encodeURIComponent(s).replace(/%2C/g, ',');
  const joinQuery = (pairs) => pairs.map(([k, v]) => enc(k) + '=' + enc(v)).join('&');
  const get = (pairs, k) => { const p = pairs.find((x) => x[0] === k); return p ? p[1] : undefined; };
  function set(pairs, k, v) {
    const p = pairs.find((x) => x[0] === k);
    if (p) p[1] = v; else pairs.push([k, v]);
  }
  const drop = (pairs, keys) => pairs.filter(([k]) => !keys.includes(k));

  // ---------------------------------------------------------------- the module
  function wrap(module) {
    const c = (name, ret, args) => module.cwrap(name, ret, args);
    return {
      create: c('pg_create', 'number', ['string']), error: c('pg_error', 'string', []),
      info: c('pg_info', 'string', []), train: c('pg_train', 'number', ['number']),
      state: c('pg_state', 'string', []), map: c('pg_map', 'number', ['number']),
      neurons: c('pg_neurons', 'number', ['number']), weights: c('pg_weights', 'number', []),
      exportCpp: c('pg_export_cpp', 'string', ['number', 'number']),
      weightsFile: c('pg_weights_file', 'number', []), weightsFileSize: c('pg_weights_file_size', 'number', []),
    };
  }
  const doubles = (ptr, n) => M.HEAPF64.slice(ptr / 8, ptr / 8 + n);

  // Builds the model of `pairs`; on an invalid setting it drops that setting and tries again,
  // collecting the messages. Returns the messages (empty when everything was used).
  function build(pairs) {
    const problems = [];
    for (let tries = 0; tries < 50; ++tries) {
      if (api.create(joinQuery(pairs)) === 0) break;
      const message = api.error();
      problems.push(message);
      const m = /^setting (\w+) |^unknown setting '([^']*)'/.exec(message);
      const key = m ? (m[1] || m[2]) : null;
      pairs = key !== null && get(pairs, key) !== undefined ? drop(pairs, [key]) : [];
      if (!pairs.length && api.create('') === 0) break;
    }
    info = JSON.parse(api.info());
    params = parseQuery(info.query);
    losses = [];
    failed = false;
    record();
    return problems;
  }

  function record() {
    state = JSON.parse(api.state());
    const last = losses[losses.length - 1];
    if (!last || last.step !== state.step) losses.push({ step: state.step, train: state.train_loss, test: state.test_loss });
    if (losses.length > 4000) losses = losses.filter((h, i) => i % 2 === 0 || i === losses.length - 1);
  }

  // ---------------------------------------------------------------- controls
  function label(v) { return NAMES[v] || SCHEDULE_NAMES[v] || v; }

  function control(s) {
    const id = 'set-' + s.key;
    let el;
    if (s.kind === 'choice') {
      el = document.createElement('select');
      for (const c of s.choices) {
        const o = document.createElement('option');
        o.value = c;
        o.textContent = s.key === 'schedule' ? (SCHEDULE_NAMES[c] || NAMES[c] || c) : label(c);
        el.appendChild(o);
      }
      el.value = s.value;
    } else if (s.kind === 'flag') {
      el = document.createElement('input');
      el.type = 'checkbox';
      el.checked = s.value === '1';
    } else {
      el = document.createElement('input');
      el.type = 'number';
      el.step = s.kind === 'integer' ? '1' : 'any';
      el.min = s.min;
      el.max = s.max;
      el.value = s.value;
      el.inputMode = s.kind === 'integer' ? 'numeric' : 'decimal';
    }
    el.id = id;
    el.title = s.help;
    el.addEventListener('change', () => {
      const v = el.type === 'checkbox' ? (el.checked ? '1' : '0') : el.value.trim();
      change(s.key, v, el);
    });
    return el;
  }

  function renderControls() {
    const focused = document.activeElement && document.activeElement.id;
    for (const g of Object.values(GROUP_OF))
      for (const row of $(g).querySelectorAll('.row')) row.remove();
    for (const s of info.settings) {
      if (!s.applies || s.key === 'layers' || s.key === 'act') continue;
      const row = document.createElement('div');
      row.className = 'row';
      const l = document.createElement('label');
      l.htmlFor = 'set-' + s.key;
      l.textContent = s.label;
      row.appendChild(l);
      const el = control(s);
      if (s.key === 'seed') {
        const box = document.createElement('div');
        box.className = 'with-button';
        box.appendChild(el);
        const b = document.createElement('button');
        b.type = 'button';
        b.id = 'new-seed';
        b.textContent = 'new';
        b.title = 'Draw a new seed (new data and initial weights)';
        b.addEventListener('click', () => change('seed', String(Math.floor(Math.random() * 1e6)), b));
        box.appendChild(b);
        row.appendChild(box);
      } else {
        row.appendChild(el);
      }
      $(GROUP_OF[s.group]).appendChild(row);
    }
    renderLayers();
    if (focused && $(focused)) $(focused).focus();
  }

  function renderLayers() {
    const box = $('layers-editor');
    box.textContent = '';
    const layers = get(params, 'layers') ? get(params, 'layers').split(',').map(Number) : [];
    const actSpec = info.settings.find((s) => s.key === 'act');
    let acts = get(params, 'act') ? get(params, 'act').split(',') : [];
    if (acts.length === 1) acts = layers.map(() => acts[0]);
    const commit = (ls, as) => {
      const pairs = drop(params, ['layers', 'act']);
      pairs.push(['layers', ls.join(',')]);
      if (ls.length) pairs.push(['act', as.every((a) => a === as[0]) ? as[0] : as.join(',')]);
      apply(pairs, null);
    };
    layers.forEach((units, i) => {
      const row = document.createElement('div');
      row.className = 'layer';
      const name = document.createElement('span');
      name.textContent = 'Layer ' + (i + 1);
      const u = document.createElement('input');
      u.type = 'number'; u.min = 1; u.max = 64; u.step = 1; u.value = units; u.id = 'units-' + i;
      u.setAttribute('aria-label', 'Units of hidden layer ' + (i + 1));
      u.addEventListener('change', () => { const ls = layers.slice(); ls[i] = u.value.trim(); commit(ls, acts); });
      const a = document.createElement('select');
      a.id = 'act-' + i;
      a.setAttribute('aria-label', 'Activation of hidden layer ' + (i + 1));
      a.title = actSpec ? actSpec.help : '';
      for (const c of (actSpec && actSpec.choices) || []) {
        const o = document.createElement('option');
        o.value = c; o.textContent = label(c); a.appendChild(o);
      }
      a.value = acts[i];
      a.addEventListener('change', () => { const as = acts.slice(); as[i] = a.value; commit(layers, as); });
      const rm = document.createElement('button');
      rm.type = 'button'; rm.textContent = '\u2212'; rm.id = 'remove-' + i;
      rm.setAttribute('aria-label', 'Remove hidden layer ' + (i + 1));
      rm.addEventListener('click', () => commit(layers.filter((_, j) => j !== i), acts.filter((_, j) => j !== i)));
      row.append(name, u, a, rm);
      box.appendChild(row);
    });
    const add = document.createElement('button');
    add.type = 'button'; add.className = 'add'; add.id = 'add-layer';
    add.textContent = layers.length ? 'Add a hidden layer' : 'Add a hidden layer (none now: a linear model)';
    add.disabled = layers.length >= 6;
    add.addEventListener('click', () => commit(layers.concat([layers.length ? layers[layers.length - 1] : 4]),
                                               acts.concat([acts.length ? acts[acts.length - 1] : 'tanh'])));
    box.appendChild(add);
  }

  function change(key, value, el) {
    let pairs = params.map((p) => p.slice());
    if (key === 'opt') {
      const lr = info.settings.find((s) => s.key === 'lr');
      if (lr && lr.value === lr.default) pairs = drop(pairs, ['lr']);  // the new optimizer's default
    }
    pairs = drop(pairs, DEPENDENTS[key] || []);
    set(pairs, key, value);
    apply(pairs, el);
  }

  // Rebuilds the model for `pairs`; a refused value is shown on its control and not used.
  function apply(pairs, el) {
    const before = joinQuery(params);
    const problems = build(pairs);
    showError(problems.length ? problems.join('\n') : '');
    if (el) el.classList.toggle('invalid', problems.length > 0);
    if (problems.length && api.create(before) === 0) {  // keep the previous model
      info = JSON.parse(api.info());
      params = parseQuery(info.query);
      losses = [];
      record();
    }
    running = false;
    target = null;
    renderControls();
    if (el && problems.length && el.id && $(el.id)) $(el.id).classList.add('invalid');
    updateURL();
    draw();
  }

  function updateURL() {
    try {
      window.history.replaceState(null, '', location.pathname + '?' + info.query);
    } catch (e) {
      // some browsers refuse to change the address of a file:// page: the link button still works
    }
  }

  function showError(text) {
    const e = $('error');
    e.hidden = !text;
    e.textContent = text;
  }

  // ---------------------------------------------------------------- training
  function stepsPerFrame() {
    if (speed === '1') return 1;
    if (speed === '10') return 10;
    return autoSteps;
  }

  function trainSteps(k) {
    if (api.train(k) !== 0) {
      failed = true;
      running = false;
      target = null;
      record();
      showError('Training stopped at ' + api.error());
      setStatus('error');
      return false;
    }
    return true;
  }

  // One animation frame: k steps, in up to 8 chunks with a point of the loss curve after each.
  function frame() {
    if (running) {
      let k = stepsPerFrame();
      if (target !== null) k = Math.min(k, target - state.step);
      const chunk = Math.max(1, Math.ceil(k / 8));
      const t0 = performance.now();
      let done = 0;
      while (done < k && running) {
        const n = Math.min(chunk, k - done);
        if (!trainSteps(n)) break;
        done += n;
        record();
      }
      if (speed === 'auto' && done === k && k > 0) {  // aim at ~12 ms of training per frame
        const dt = performance.now() - t0;
        autoSteps = Math.max(1, Math.min(20000, Math.round(autoSteps * Math.min(2, 12 / Math.max(dt, 0.1)))));
      }
      measureSpeed(done);
      if (target !== null && state.step >= target) { running = false; target = null; measureSpeed(0, true); }
      // while training, the map is drawn at most every 40 ms and the diagram every 150 ms
      const now = performance.now();
      if (!running || now - lastDraw.map > 40) draw(!running || now - lastDraw.net > 150);
    }
    requestAnimationFrame(frame);
  }

  // Steps per second over the last second of training (drawing included).
  function measureSpeed(steps, last) {
    const now = performance.now();
    if (!speedWindow.t) speedWindow = { t: now, steps: 0 };
    else speedWindow.steps += steps;
    const dt = now - speedWindow.t;
    if (dt > 1000 || (last && dt > 100)) {
      const rate = Math.round(speedWindow.steps * 1000 / dt);
      $('m-speed').textContent = rate.toLocaleString('en');
      $('status').dataset.stepsPerSecond = String(rate);
      speedWindow = { t: now, steps: 0 };
    }
  }

  function setRunning(on) {
    running = on;
    if (!on) target = null;
    speedWindow = { t: 0, steps: 0 };
    draw();
  }

  // ---------------------------------------------------------------- drawing
  const fmt = (x, d) => (x === null || x === undefined ? '\u2013' : Number(x).toFixed(d));
  const fmtLoss = (x) => (x === null || x === undefined ? 'NaN' : x < 1e-3 ? x.toExponential(3) : x.toFixed(4));

  function setStatus(kind) {
    const s = $('status');
    s.dataset.step = String(state.step);
    s.dataset.loss = state.train_loss === null ? 'NaN' : String(state.train_loss);
    s.dataset.testLoss = state.test_loss === null ? 'NaN' : String(state.test_loss);
    s.dataset.state = kind;
    s.textContent = 'step ' + state.step + ' \u00b7 train loss ' + fmtLoss(state.train_loss) +
      (state.test_loss === null ? '' : ' \u00b7 test loss ' + fmtLoss(state.test_loss));
  }

  function draw(network = true) {
    if (!info) return;
    lastDraw.map = performance.now();
    if (network) lastDraw.net = lastDraw.map;
    setStatus(failed ? 'error' : running ? 'running' : 'ready');
    $('run').textContent = running ? 'Pause' : 'Start';
    $('m-step').textContent = state.step;
    $('m-epoch').textContent = fmt(state.epoch, 2);
    $('m-train').textContent = fmtLoss(state.train_loss);
    $('m-test').textContent = state.test_loss === null ? '\u2013' : fmtLoss(state.test_loss);
    $('m-train-acc').textContent = fmt(state.train_acc, 4);
    $('m-test-acc').textContent = fmt(state.test_acc, 4);
    $('m-lr').textContent = state.lr === null ? '\u2013' : Number(state.lr.toPrecision(4)).toString();
    $('summary').textContent = info.summary;
    drawMap();
    drawCurve();
    if (network) drawNetwork();
  }

  function mix(a, b, t) { return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]; }
  const WHITE = [255, 255, 255];

  // The colour of a map value: P(class 1) (binary), the class probabilities (K classes).
  function colorOf(values, k0) {
    if (Number.isNaN(values[k0])) return [200, 200, 200];  // a diverged network
    if (info.task === 'binary') {
      const p = values[k0];
      const c = p >= 0.5 ? POS : NEG;
      return mix(WHITE, c, Math.min(1, Math.abs(p - 0.5) * 2) * 0.75);
    }
    let best = 0;
    for (let k = 1; k < info.classes; ++k) if (values[k0 + k] > values[k0 + best]) best = k;
    const p = values[k0 + best], floor = 1 / info.classes;
    return mix(WHITE, CLASS_COLORS[best], Math.max(0, (p - floor) / (1 - floor)) * 0.75);
  }

  function toPixel(ctx, x, y, W, H) {
    const d = info.domain;
    return [(x - d[0]) / (d[1] - d[0]) * W, (d[3] - y) / (d[3] - d[2]) * H];
  }

  function drawPoints(ctx, set, hollow, W, H) {
    const n = set.v.length;
    for (let i = 0; i < n; ++i) {
      const [px, py] = toPixel(ctx, set.X[2 * i], set.X[2 * i + 1], W, H);
      const c = CLASS_COLORS[info.task === 'binary' ? set.v[i] : set.v[i] % CLASS_COLORS.length];
      ctx.beginPath();
      ctx.arc(px, py, hollow ? 3.6 : 3.4, 0, 2 * Math.PI);
      if (hollow) {
        ctx.lineWidth = 1.8; ctx.strokeStyle = 'rgb(' + c.join(',') + ')'; ctx.stroke();
      } else {
        ctx.fillStyle = 'rgb(' + c.join(',') + ')'; ctx.fill();
        ctx.lineWidth = 1; ctx.strokeStyle = '#fff'; ctx.stroke();
      }
    }
  }

  function drawMap() {
    const cv = $('map'), ctx = cv.getContext('2d');
    const W = cv.width, H = cv.height;
    const showTest = $('show-test').checked;
    ctx.clearRect(0, 0, W, H);
    if (info.task === 'regression') return drawRegression(ctx, W, H, showTest);
    const res = mapResolution(), K = info.task === 'binary' ? 1 : info.classes;
    const values = doubles(api.map(res), res * res * K);
    const img = new ImageData(res, res);
    for (let p = 0; p < res * res; ++p) {
      const c = colorOf(values, p * K);
      img.data[4 * p] = c[0]; img.data[4 * p + 1] = c[1]; img.data[4 * p + 2] = c[2]; img.data[4 * p + 3] = 255;
    }
    const off = document.createElement('canvas');
    off.width = res; off.height = res;
    off.getContext('2d').putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, W, H);
    drawPoints(ctx, info.train, false, W, H);
    if (showTest) drawPoints(ctx, info.test, true, W, H);
    axes(ctx, W, H, 'x1', 'x2');
    const names = info.task === 'binary' ? ['class 0', 'class 1'] : CLASS_COLORS.slice(0, info.classes).map((_, k) => 'class ' + k);
    $('map-legend').innerHTML = names.map((n, k) => '<span class="dot" style="background:rgb(' + CLASS_COLORS[k].join(',') +
      ')"></span>' + n).join(' ') + '. Filled: training points; rings: test points. The colour is the predicted class, paler where the network is less sure.';
  }

  // 80 x 80 points for small networks, fewer for large ones (about 2 million multiply-adds a map).
  function mapResolution() {
    let cost = 0;
    for (let l = 0; l + 1 < info.widths.length; ++l) cost += info.widths[l] * info.widths[l + 1];
    return Math.max(24, Math.min(80, Math.round(Math.sqrt(2e6 / cost))));
  }

  function axes(ctx, W, H, xl, yl) {
    const d = info.domain;
    ctx.fillStyle = 'rgba(30,35,40,0.75)';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'bottom';
    ctx.fillText(xl + ' ' + d[0].toFixed(2), 4, H - 3);
    const right = d[1].toFixed(2);
    ctx.fillText(right, W - ctx.measureText(right).width - 4, H - 3);
    ctx.textBaseline = 'top';
    ctx.fillText(yl + ' ' + d[3].toFixed(2), 4, 3);
  }

  function drawRegression(ctx, W, H, showTest) {
    const res = 200;
    const y = doubles(api.map(res), res);
    const d = info.domain;
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, H);
    ctx.strokeStyle = '#e4e8ec'; ctx.lineWidth = 1;
    const [, zeroY] = toPixel(ctx, 0, 0, W, H);
    ctx.beginPath(); ctx.moveTo(0, zeroY); ctx.lineTo(W, zeroY); ctx.stroke();
    const dot = (set, hollow) => {
      for (let i = 0; i < set.v.length; ++i) {
        const [px, py] = toPixel(ctx, set.X[i], set.v[i], W, H);
        ctx.beginPath(); ctx.arc(px, py, 3.2, 0, 2 * Math.PI);
        if (hollow) { ctx.strokeStyle = 'rgb(' + NEG.join(',') + ')'; ctx.lineWidth = 1.6; ctx.stroke(); }
        else { ctx.fillStyle = 'rgb(' + POS.join(',') + ')'; ctx.fill(); }
      }
    };
    dot(info.train, false);
    if (showTest) dot(info.test, true);
    ctx.strokeStyle = '#1f2328'; ctx.lineWidth = 2.2;
    ctx.beginPath();
    for (let i = 0; i < res; ++i) {
      const x = d[0] + (d[1] - d[0]) * i / (res - 1);
      const [px, py] = toPixel(ctx, x, y[i], W, H);
      if (i) ctx.lineTo(px, py); else ctx.moveTo(px, py);
    }
    ctx.stroke();
    axes(ctx, W, H, 'x', 'y');
    $('map-legend').innerHTML = '<span class="dot" style="background:rgb(' + POS.join(',') + ')"></span>training points ' +
      '<span class="dot" style="border:2px solid rgb(' + NEG.join(',') + ')"></span>test points; the line is the network\'s prediction.';
  }

  function drawCurve() {
    const cv = $('curve'), ctx = cv.getContext('2d');
    const W = cv.width, H = cv.height, L = 44, B = 22, T = 8, R = 8;
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, H);
    const log = $('log-scale').checked;
    const vals = [];
    for (const h of losses) { if (h.train !== null) vals.push(h.train); if (h.test !== null) vals.push(h.test); }
    const pos = vals.filter((v) => v > 0);
    if (!vals.length) return;
    const f = (v) => (log ? Math.log10(Math.max(v, 1e-12)) : v);
    let lo = log ? f(Math.min(...pos)) : 0, hi = f(Math.max(...vals));
    if (!(hi > lo)) hi = lo + 1;
    const last = losses[losses.length - 1].step || 1;
    const X = (s) => L + (W - L - R) * s / last;
    const Y = (v) => T + (H - T - B) * (1 - (f(v) - lo) / (hi - lo));
    ctx.strokeStyle = '#d0d7de'; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, H - B); ctx.lineTo(W - R, H - B); ctx.stroke();
    ctx.fillStyle = '#59636e'; ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    ctx.fillText('0', L - 3, H - B + 4);
    const ls = 'step ' + last;
    ctx.fillText(ls, W - R - ctx.measureText(ls).width, H - B + 4);
    ctx.textBaseline = 'middle';
    const top = log ? Math.pow(10, hi).toPrecision(2) : hi.toPrecision(3);
    const bottom = log ? Math.pow(10, lo).toPrecision(2) : '0';
    ctx.fillText(top, 2, T + 4);
    ctx.fillText(bottom, 2, H - B - 4);
    const line = (key, color, dash) => {
      ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.setLineDash(dash);
      ctx.beginPath();
      let started = false;
      for (const h of losses) {
        const v = h[key];
        if (v === null || (log && !(v > 0))) continue;
        if (started) ctx.lineTo(X(h.step), Y(v)); else { ctx.moveTo(X(h.step), Y(v)); started = true; }
      }
      ctx.stroke(); ctx.setLineDash([]);
    };
    line('train', '#1f2328', []);
    line('test', '#e8710a', [5, 3]);
  }

  // The diagram: one column per layer, each unit drawn as its output over the input plane (a line
  // over x for 1-D data), the weights as lines (blue positive, orange negative, width ~ |w|).
  function drawNetwork() {
    const cv = $('net'), ctx = cv.getContext('2d');
    const widths = info.widths, nL = widths.length;
    const maxUnits = Math.max(...widths);
    const size = Math.max(4, Math.min(40, Math.floor(400 / maxUnits) - 4)), gap = Math.max(1, Math.round(size / 5));
    const W = cv.width, H = Math.max(160, maxUnits * (size + gap) + 40);
    if (cv.height !== H) cv.height = H;
    ctx.clearRect(0, 0, W, H);
    const colX = (l) => 24 + (W - 48 - size) * l / Math.max(1, nL - 1);
    const unitY = (l, i) => 8 + (H - 40 - widths[l] * (size + gap)) / 2 + i * (size + gap);
    // weights
    const total = widths.slice(1).reduce((s, out, l) => s + out * widths[l], 0);
    const Wv = doubles(api.weights(), total);
    let maxAbs = 1e-12;
    for (const w of Wv) maxAbs = Math.max(maxAbs, Math.abs(w));
    let off = 0;
    const rows = [];
    for (let l = 0; l + 1 < nL; ++l) {
      const nin = widths[l], nout = widths[l + 1];
      let sum = 0, mx = 0;
      for (let j = 0; j < nin; ++j)
        for (let i = 0; i < nout; ++i) {
          const w = Wv[off + j * nout + i];
          sum += Math.abs(w); mx = Math.max(mx, Math.abs(w));
          if (total > 1000 && Math.abs(w) < 0.05 * maxAbs) continue;  // large layers: the small weights are left out
          ctx.strokeStyle = 'rgba(' + (w >= 0 ? POS : NEG).join(',') + ',' + (0.25 + 0.6 * Math.abs(w) / maxAbs).toFixed(3) + ')';
          ctx.lineWidth = 0.4 + 3.6 * Math.abs(w) / maxAbs;
          ctx.beginPath();
          ctx.moveTo(colX(l) + size, unitY(l, j) + size / 2);
          ctx.lineTo(colX(l + 1), unitY(l + 1, i) + size / 2);
          ctx.stroke();
        }
      rows.push([l + 1, nout + ' \u00d7 ' + nin, sum / (nin * nout), mx]);
      off += nin * nout;
    }
    const tb = $('weights').tBodies[0];
    const num = (x) => (x !== 0 && (Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toFixed(3));
    tb.innerHTML = rows.map((r) => '<tr><td>' + r[0] + '</td><td>' + r[1] + '</td><td>' + num(r[2]) + '</td><td>' +
      num(r[3]) + '</td></tr>').join('');
    // units
    const res = 16, P = info.task === 'regression' ? res : res * res;
    const hiddenUnits = widths.slice(1, -1).reduce((a, b) => a + b, 0);
    const H1 = hiddenUnits ? doubles(api.neurons(res), hiddenUnits * P) : [];
    const K = info.task === 'multiclass' ? info.classes : 1;
    const out = doubles(api.map(res), P * K);
    const tile = (values, kind) => drawTile(ctx, values, kind, res, size);
    const grid = [];
    for (let p = 0; p < P; ++p) grid.push(p);
    // inputs: x1 (left to right) and x2 (bottom to top)
    for (let i = 0; i < widths[0]; ++i) {
      const v = info.task === 'regression' ? grid.map((p) => p / (res - 1) * 2 - 1)
        : grid.map((p) => (i === 0 ? (p % res) / (res - 1) : 1 - Math.floor(p / res) / (res - 1)) * 2 - 1);
      placeTile(ctx, tile(v, 'signed'), colX(0), unitY(0, i), size);
    }
    let h = 0;
    for (let l = 1; l + 1 < nL; ++l)
      for (let u = 0; u < widths[l]; ++u, ++h) placeTile(ctx, tile(H1.slice(h * P, (h + 1) * P), 'signed'), colX(l), unitY(l, u), size);
    for (let k = 0; k < widths[nL - 1]; ++k) {
      let v;
      if (info.task === 'regression') v = out;
      else if (K === 1) v = Array.from(out, (p) => 2 * p - 1);
      else { v = []; for (let p = 0; p < P; ++p) v.push(2 * out[p * K + k] - 1); }
      placeTile(ctx, tile(v, info.task === 'regression' ? 'signed' : 'fixed'), colX(nL - 1), unitY(nL - 1, k), size);
    }
    // column labels
    ctx.fillStyle = '#59636e'; ctx.font = '11px system-ui, sans-serif'; ctx.textBaseline = 'bottom';
    const acts = (get(params, 'act') || '').split(',');
    for (let l = 0; l < nL; ++l) {
      let t = l === 0 ? 'input' : l === nL - 1 ? 'output' : widths[l] + ' ' + (acts.length > 1 ? acts[l - 1] : acts[0]);
      const x = Math.min(W - ctx.measureText(t).width - 2, Math.max(2, colX(l) + size / 2 - ctx.measureText(t).width / 2));
      ctx.fillText(t, x, H - 4);
    }
  }

  // A unit's values on the grid as a small image; 'signed' scales by the largest |value|, 'fixed'
  // takes values in [-1, 1] as they are.
  function drawTile(ctx, values, kind, res, size) {
    let m = 1e-12;
    if (kind === 'signed') for (const v of values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
    else m = 1;
    const c = document.createElement('canvas');
    if (info.task === 'regression') {
      c.width = size; c.height = size;
      const g = c.getContext('2d');
      g.fillStyle = '#fff'; g.fillRect(0, 0, size, size);
      g.strokeStyle = '#1f2328'; g.lineWidth = 1.2; g.beginPath();
      values.forEach((v, i) => {
        const x = i / (values.length - 1) * size, y = size / 2 - v / m * (size / 2 - 1);
        if (i) g.lineTo(x, y); else g.moveTo(x, y);
      });
      g.stroke();
      return c;
    }
    c.width = res; c.height = res;
    const img = new ImageData(res, res);
    for (let p = 0; p < res * res; ++p) {
      const t = Number.isNaN(values[p]) ? 0 : Math.max(-1, Math.min(1, values[p] / m));
      const col = mix(WHITE, t >= 0 ? POS : NEG, Math.abs(t) * 0.85);
      img.data[4 * p] = col[0]; img.data[4 * p + 1] = col[1]; img.data[4 * p + 2] = col[2]; img.data[4 * p + 3] = 255;
    }
    c.getContext('2d').putImageData(img, 0, 0);
    return c;
  }

  function placeTile(ctx, tileCanvas, x, y, size) {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(tileCanvas, x, y, size, size);
    ctx.strokeStyle = '#8c959f'; ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, size - 1, size - 1);
  }

  // ---------------------------------------------------------------- export
  function exportCpp() {
    const steps = state.step;
    return api.exportCpp(steps, Math.max(1, Math.round(steps / 10)));
  }
  function weightsBytes() {
    const ptr = api.weightsFile(), n = api.weightsFileSize();
    return M.HEAPU8.slice(ptr, ptr + n);
  }
  function download(name, data, type) {
    const url = URL.createObjectURL(new Blob([data], { type }));
    const a = document.createElement('a');
    a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  function shareLink() {
    return location.href.split(/[?#]/)[0] + '?' + info.query + '&steps=' + state.step + '&autorun=1';
  }

  // ---------------------------------------------------------------- start
  function wire() {
    $('run').addEventListener('click', () => setRunning(!running));
    $('step').addEventListener('click', () => { setRunning(false); if (trainSteps(1)) { record(); draw(); } });
    $('reset').addEventListener('click', () => { setRunning(false); apply(params.map((p) => p.slice()), null); });
    $('speed').addEventListener('change', () => { speed = $('speed').value; });
    $('show-test').addEventListener('change', draw);
    $('log-scale').addEventListener('change', draw);
    $('export').addEventListener('click', () => {
      $('cpp').value = exportCpp();
      $('export-panel').hidden = false;
      $('export-panel').scrollIntoView({ block: 'nearest' });
      $('download-cpp').focus();
    });
    $('close-export').addEventListener('click', () => { $('export-panel').hidden = true; $('export').focus(); });
    $('download-cpp').addEventListener('click', () => download('main.cpp', $('cpp').value, 'text/x-c++src'));
    $('download-weights').addEventListener('click', () => download('playground.weights', weightsBytes(), 'application/octet-stream'));
    $('share').addEventListener('click', () => {
      const link = shareLink();
      const done = () => { $('share').textContent = 'Link copied'; setTimeout(() => { $('share').textContent = 'Copy link'; }, 1500); };
      const fallback = () => { window.prompt('The link of this run:', link); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(link).then(done, fallback);
      else fallback();
    });
    document.addEventListener('keydown', (e) => {
      const t = e.target;
      if (e.ctrlKey || e.metaKey || e.altKey || (t && t.closest && t.closest('input, select, textarea, button, a, summary'))) return;
      if (e.key === ' ') { e.preventDefault(); setRunning(!running); }
      else if (e.key === 's' || e.key === 'S') { $('step').click(); }
      else if (e.key === 'r' || e.key === 'R') { $('reset').click(); }
    });
  }

  function start(module) {
    M = module;
    api = wrap(M);
    const given = parseQuery(location.search).concat(parseQuery(location.hash));
    const page = {};
    for (const [k, v] of given) if (PAGE_KEYS.includes(k) && !(k in page)) page[k] = v;
    const problems = build(given.filter(([k]) => !PAGE_KEYS.includes(k)));
    if (page.speed && ['1', '10', 'auto'].includes(page.speed)) { speed = page.speed; $('speed').value = speed; }
    const steps = page.steps === undefined ? null : Number(page.steps);
    if (page.steps !== undefined && !(Number.isInteger(steps) && steps >= 0 && steps <= 10000000))
      problems.push('steps=' + page.steps + ' is not a number of steps (0 to 10000000)');
    showError(problems.length ? 'The link asked for settings that were not used:\n' + problems.join('\n') : '');
    renderControls();
    updateURL();
    wire();
    if (page.autorun === '1') {
      running = true;
      target = Number.isInteger(steps) ? steps : null;
      if (target !== null && state.step >= target) { running = false; target = null; }
    }
    draw();
    requestAnimationFrame(frame);
  }

  window.playground = {
    exportCpp: (steps, every) => api.exportCpp(steps, every),
    weightsBase64: () => { let s = ''; for (const b of weightsBytes()) s += String.fromCharCode(b); return btoa(s); },
    state: () => state,
    info: () => info,
    query: () => info.query,
    losses: () => losses,
    link: () => shareLink(),
  };

  if (typeof createNnPlayground !== 'function') {
    showError('The WebAssembly module nn_playground.js is missing: build the playground with make docs.');
    return;
  }
  createNnPlayground().then(start, (e) => showError('The WebAssembly module did not start: ' + e));
})();
