/// The explorer page `landscape serve` answers at `/`: one self-contained HTML document
/// (inline CSS and JavaScript, nothing loaded from the network) whose every number comes from
/// `POST /api/<command>`, which answers what `landscape <command> --json` prints.
enum ExplorerPage {
    static let html = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>landscape explorer</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f4f4f2; color: #222; }
  header { padding: 10px 18px; background: #263238; color: #eee; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0 12px 0 0; }
  header label { color: #ddd; }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(470px, 1fr)); gap: 14px; padding: 14px; }
  section { background: #fff; border: 1px solid #ccc; border-radius: 6px; padding: 10px 12px; }
  section h2 { font-size: 16px; margin: 0 0 4px; }
  section p.about { margin: 0 0 8px; color: #555; font-size: 13px; }
  canvas { border: 1px solid #999; cursor: crosshair; display: block; }
  .controls { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 6px 0; }
  input[type=number], input[type=text] { width: 80px; }
  input.formula { width: 240px; }
  table { border-collapse: collapse; font-size: 13px; margin-top: 6px; }
  td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: left; font-variant-numeric: tabular-nums; }
  .status { font-size: 13px; color: #333; min-height: 1.4em; margin-top: 4px; white-space: pre-wrap; }
  .error { color: #b00020; }
  .row { display: flex; gap: 10px; flex-wrap: wrap; }
  #panel-networks { grid-column: 1 / -1; }
  #net-plane-status, #net-curve-status, #net-spectrum-status { max-width: 380px; }
</style>
</head>
<body>
<header>
  <h1>landscape explorer</h1>
  <label>Surface
    <select id="surface">
      <option value="rosenbrock">Rosenbrock</option>
      <option value="bowl">bowl</option>
      <option value="saddle">saddle</option>
      <option value="himmelblau">Himmelblau</option>
      <option value="plateau">plateau</option>
      <option value="ravine">ravine</option>
      <option value="formula">formula…</option>
    </select></label>
  <label id="condition-label">condition κ <input id="condition" type="number" value="10" min="1" step="any"></label>
  <label id="formula-label">f(x, y) = <input id="formula" class="formula" type="text" value="sin(x)*cos(y)"></label>
  <span id="surface-status" class="status"></span>
</header>
<main>
<!-- Panel 1: the surface as a contour map; a click sets the start, Run animates one optimizer's path. -->
<section id="panel-explorer">
  <h2>1. Surface explorer</h2>
  <p class="about">Click to set the start; Run descends with the chosen optimizer and learning rate. The dashed crosshairs mark the known minima. Try a learning rate that is too high.</p>
  <canvas id="explorer-canvas" width="440" height="440"></canvas>
  <div class="controls">
    <label>optimizer <select id="explorer-optimizer">
      <option>sgd</option><option>momentum</option><option>nesterov</option><option>adam</option>
      <option>rmsprop</option><option>newton</option></select></label>
    <label>lr <input id="explorer-lr" type="number" value="0.001" step="any"></label>
    <label>steps <input id="explorer-steps" type="number" value="500"></label>
    <button id="explorer-run">Run</button>
  </div>
  <div id="explorer-status" class="status"></div>
</section>

<!-- Panel 2: gradient descent, momentum and Newton from the same start, with a live loss per optimizer. -->
<section id="panel-race">
  <h2>2. Optimizer race</h2>
  <p class="about">Click a start, then race gradient descent, momentum and Newton. The table and the chart show each one's loss as the paths advance.</p>
  <canvas id="race-canvas" width="440" height="440"></canvas>
  <div class="controls">
    <label>lr GD <input id="race-lr-sgd" type="number" value="0.001" step="any"></label>
    <label>momentum <input id="race-lr-momentum" type="number" value="0.001" step="any"></label>
    <label>Newton <input id="race-lr-newton" type="number" value="1" step="any"></label>
    <label>steps <input id="race-steps" type="number" value="500"></label>
    <button id="race-run">Run race</button>
  </div>
  <div class="row">
    <table id="race-table"><tr><th>optimizer</th><th>step</th><th>loss</th></tr></table>
    <canvas id="race-loss" width="260" height="150"></canvas>
  </div>
  <div id="race-status" class="status"></div>
</section>

<!-- Panel 3: the second-derivative test at a clicked point, with the escape direction at a saddle. -->
<section id="panel-hessian">
  <h2>3. Saddle points and the Hessian</h2>
  <p class="about">Click a point: the gradient, the Hessian's eigenvalues, trace, determinant and verdict there. At a saddle the arrow shows the escape direction (the eigenvector of the negative eigenvalue).</p>
  <canvas id="hessian-canvas" width="440" height="440"></canvas>
  <table id="hessian-table">
    <tr><th>point</th><td id="hessian-point"></td></tr>
    <tr><th>f</th><td id="hessian-value"></td></tr>
    <tr><th>gradient</th><td id="hessian-gradient"></td></tr>
    <tr><th>eigenvalues</th><td id="hessian-eigenvalues"></td></tr>
    <tr><th>trace</th><td id="hessian-trace"></td></tr>
    <tr><th>determinant</th><td id="hessian-determinant"></td></tr>
    <tr><th>curvature</th><td id="hessian-curvature"></td></tr>
    <tr><th>verdict</th><td id="hessian-verdict"></td></tr>
    <tr><th>escape direction</th><td id="hessian-escape"></td></tr>
  </table>
  <div id="hessian-status" class="status"></div>
</section>

<!-- Panel 4: batch GD against noisy SGD on Himmelblau, and the basins many seeds end in. -->
<section id="panel-noise">
  <h2>4. SGD noise on Himmelblau</h2>
  <p class="about">Batch gradient descent (blue) against SGD with Gaussian gradient noise (orange) from one clicked start; each ends in the basin of one of the four minima. The histogram counts the basins over many seeds.</p>
  <canvas id="noise-canvas" width="440" height="440"></canvas>
  <div class="controls">
    <label>noise σ <input id="noise-sigma" type="range" min="0" max="20" step="0.5" value="5"> <span id="noise-sigma-value">5</span></label>
    <label>seed <input id="noise-seed" type="number" value="0"></label>
    <label>lr <input id="noise-lr" type="number" value="0.01" step="any"></label>
    <label>steps <input id="noise-steps" type="number" value="500"></label>
    <button id="noise-run">Run</button>
    <label>seeds <input id="noise-seeds" type="number" value="100"></label>
    <button id="noise-histogram-run">Histogram</button>
  </div>
  <div id="noise-status" class="status"></div>
  <canvas id="noise-histogram" width="440" height="160"></canvas>
</section>

<!-- Networks: the files under --models: the loss on a plane, the path to a second model, the spectrum, training logs. -->
<section id="panel-networks">
  <h2>Networks</h2>
  <p class="about">Models, curves, data and training logs under the server's --models folder. Hover a cell of the plane for its loss; choose several logs (Ctrl-click) to draw their runs together.</p>
  <div class="controls">
    <label>model <select id="net-model"></select></label>
    <label>data <select id="net-data"></select></label>
    <label>rows <select id="net-rows"><option>all</option><option>train</option><option>test</option></select></label>
  </div>
  <div class="row">
    <div>
      <div class="controls"><label>directions <select id="net-directions"></select></label>
        <label>grid <input id="net-grid" type="number" value="21"></label>
        <button id="net-plane-run">Plane</button></div>
      <canvas id="net-plane" width="300" height="300"></canvas>
      <div id="net-plane-status" class="status"></div>
    </div>
    <div>
      <div class="controls"><label>to <select id="net-to"></select></label>
        <button id="net-curve-run">Interpolate</button></div>
      <canvas id="net-curve" width="360" height="240"></canvas>
      <div id="net-curve-status" class="status"></div>
    </div>
    <div>
      <div class="controls"><label>top k <input id="net-k" type="number" value="5"></label>
        <button id="net-spectrum-run">Spectrum</button></div>
      <canvas id="net-spectrum" width="360" height="240"></canvas>
      <div id="net-spectrum-status" class="status"></div>
    </div>
    <div>
      <div class="controls"><label>logs <select id="net-log" multiple size="3"></select></label>
        <button id="net-log-run">Logs</button></div>
      <canvas id="net-log-canvas" width="660" height="380"></canvas>
      <div id="net-log-status" class="status"></div>
    </div>
  </div>
  <div id="net-status" class="status"></div>
</section>
</main>
<script>
'use strict';

// ---------- The API: every number shown comes from POST /api/<command> ----------

const TOKEN = new URLSearchParams(location.search).get('token');

function apiURL(path) {
  return path + (TOKEN ? '?token=' + encodeURIComponent(TOKEN) : '');
}

// Runs `landscape <command> --json` with these options (keys without dashes) on the server.
// The server answers 503 while all its connections are busy (many calls at once): wait and ask again.
async function api(command, options) {
  let response;
  for (let attempt = 0; ; attempt++) {
    response = await fetch(apiURL('/api/' + command), {
      method: 'POST', body: JSON.stringify(options), credentials: 'same-origin'
    });
    if (response.status !== 503 || attempt === 20) break;
    await new Promise(resolve => setTimeout(resolve, 50 * (attempt + 1)));
  }
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch (e) { throw new Error(text.trim() || response.statusText); }
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function showError(statusId, error) {
  const element = document.getElementById(statusId);
  element.textContent = 'error: ' + error.message;
  element.classList.add('error');
}

function showStatus(statusId, text) {
  const element = document.getElementById(statusId);
  element.textContent = text;
  element.classList.remove('error');
}

// ---------- The surface: its formula, minima, default start and box, from the API ----------

function surfaceOptions() {
  const choice = document.getElementById('surface').value;
  if (choice === 'formula') return {surface: document.getElementById('formula').value};
  if (choice === 'bowl') return {surface: 'bowl', condition: Number(document.getElementById('condition').value)};
  return {surface: choice};
}

const surfaceCache = new Map();

// Points per side of the grid of f that shades the maps.
const GRID = 111;

// `descend --steps 0` names the formula and the default start; `surface` the box, the minima
// (for a typed formula, those found in the box) and f on the grid, values[j][i] = f(x[i], y[j]).
async function loadSurface(options) {
  const key = JSON.stringify(options);
  if (surfaceCache.has(key)) return surfaceCache.get(key);
  const typed = !['bowl', 'rosenbrock', 'saddle', 'himmelblau', 'plateau', 'ravine'].includes(options.surface);
  const probe = await api('descend', Object.assign({steps: 0}, options, typed ? {start: '0,0'} : {}));
  const grid = await api('surface', Object.assign({grid: GRID}, options));
  const surface = {
    options: options, formula: probe.formula, minima: grid.minima, start: probe.start,
    box: grid.box, values: grid.values, backgrounds: new Map()
  };
  surfaceCache.set(key, surface);
  return surface;
}

// ---------- Drawing: the box mapped onto a canvas, y upwards ----------

function makeView(canvas, box) {
  const [[x0, x1], [y0, y1]] = box;
  const w = canvas.width, h = canvas.height;
  return {
    box: box,
    toPixel: (x, y) => [(x - x0) / (x1 - x0) * w, (y1 - y) / (y1 - y0) * h],
    toPoint: (px, py) => [x0 + px / w * (x1 - x0), y1 - py / h * (y1 - y0)]
  };
}

// A perceptual-ish ramp from dark blue (low) to pale yellow (high).
function rampColour(t) {
  const stops = [[13, 8, 135], [84, 2, 163], [139, 10, 165], [185, 50, 137],
                 [219, 92, 104], [244, 136, 73], [254, 188, 43], [240, 249, 33]];
  const s = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(s)), u = s - i;
  return stops[i].map((c, k) => Math.round(c + u * (stops[i + 1][k] - c)));
}

// Maps the surface's grid of f, top row first, to [0, 1]: the mean of a log scale above its
// minimum (which shows narrow valleys) and its quantile among the samples (which spreads the
// levels of a surface such as the saddle evenly over the box). Where f is not finite (null), 1.
function sampleLevels(surface) {
  const values = surface.values.slice().reverse().map(row => row.map(v => v === null ? NaN : v));
  const finite = values.flat().filter(Number.isFinite);
  const low = Math.min(...finite), high = Math.max(...finite);
  const floor = (high - low) * 1e-4 + 1e-12;
  const top = Math.log(high - low + floor), bottom = Math.log(floor);
  const sorted = finite.sort((a, b) => a - b);
  const quantile = v => {
    let lo = 0, hi = sorted.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < v) lo = mid + 1; else hi = mid; }
    return lo / sorted.length;
  };
  return values.map(row => row.map(v => Number.isFinite(v)
    ? 0.5 * (Math.log(v - low + floor) - bottom) / (top - bottom) + 0.5 * quantile(v) : 1));
}

// Contour lines by marching squares on the level grid.
function drawContours(ctx, levels, cells, w, h, count) {
  ctx.strokeStyle = 'rgba(255,255,255,0.55)';
  ctx.lineWidth = 1;
  const sx = w / cells, sy = h / cells;
  for (let k = 1; k < count; k++) {
    const c = k / count;
    ctx.beginPath();
    for (let j = 0; j < cells; j++) {
      for (let i = 0; i < cells; i++) {
        const corners = [[i, j, levels[j][i]], [i + 1, j, levels[j][i + 1]],
                         [i + 1, j + 1, levels[j + 1][i + 1]], [i, j + 1, levels[j + 1][i]]];
        const crossings = [];
        for (let e = 0; e < 4; e++) {
          const [ax, ay, a] = corners[e], [bx, by, b] = corners[(e + 1) % 4];
          if ((a < c) !== (b < c)) {
            const u = (c - a) / (b - a);
            crossings.push([(ax + u * (bx - ax)) * sx, (ay + u * (by - ay)) * sy]);
          }
        }
        for (let p = 0; p + 1 < crossings.length; p += 2) {
          ctx.moveTo(crossings[p][0], crossings[p][1]);
          ctx.lineTo(crossings[p + 1][0], crossings[p + 1][1]);
        }
      }
    }
    ctx.stroke();
  }
}

// The shaded contour map of a surface at a canvas's size, drawn once and kept.
function background(surface, canvas) {
  const key = canvas.width + 'x' + canvas.height;
  if (surface.backgrounds.has(key)) return surface.backgrounds.get(key);
  const levels = sampleLevels(surface);
  const cells = levels.length - 1;
  const image = document.createElement('canvas');
  image.width = canvas.width; image.height = canvas.height;
  const ctx = image.getContext('2d');
  const sx = canvas.width / cells, sy = canvas.height / cells;
  for (let j = 0; j < cells; j++) {
    for (let i = 0; i < cells; i++) {
      const [r, g, b] = rampColour(levels[j][i] * 0.85 + 0.1);
      ctx.fillStyle = 'rgb(' + r + ',' + g + ',' + b + ')';
      ctx.fillRect(Math.floor(i * sx), Math.floor(j * sy), Math.ceil(sx) + 1, Math.ceil(sy) + 1);
    }
  }
  drawContours(ctx, levels, cells, canvas.width, canvas.height, 18);
  surface.backgrounds.set(key, image);
  return image;
}

// The map with the known minima marked by dashed crosshairs.
function drawMap(canvas, surface) {
  const ctx = canvas.getContext('2d');
  ctx.drawImage(background(surface, canvas), 0, 0);
  const view = makeView(canvas, surface.box);
  ctx.save();
  ctx.setLineDash([5, 4]);
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 1.2;
  for (const [mx, my] of surface.minima) {
    const [px, py] = view.toPixel(mx, my);
    ctx.beginPath();
    ctx.moveTo(px - 14, py); ctx.lineTo(px + 14, py);
    ctx.moveTo(px, py - 14); ctx.lineTo(px, py + 14);
    ctx.stroke();
  }
  ctx.restore();
  drawExtents(ctx, canvas, surface.box);
  return view;
}

// The box's bounds written at the map's edges: x below, y at the left.
function drawExtents(ctx, canvas, box) {
  const [[x0, x1], [y0, y1]] = box;
  const label = v => String(Number(Number(v).toPrecision(4)));
  ctx.save();
  ctx.font = '11px sans-serif';
  ctx.fillStyle = '#fff';
  ctx.shadowColor = '#000'; ctx.shadowBlur = 3;
  const h = canvas.height, w = canvas.width;
  ctx.fillText('x ' + label(x0), 4, h - 4);
  ctx.fillText(label(x1), w - 4 - ctx.measureText(label(x1)).width, h - 4);
  ctx.fillText('y ' + label(y0), 4, h - 18);
  ctx.fillText('y ' + label(y1), 4, 13);
  ctx.restore();
}

function clampPixel(p) { return p.map(v => Math.max(-1e4, Math.min(1e4, v))); }

function drawPath(ctx, view, points, colour) {
  if (points.length === 0) return;
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach(([x, y], k) => {
    const [px, py] = clampPixel(view.toPixel(x, y));
    if (k === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
  });
  ctx.stroke();
  const [ex, ey] = clampPixel(view.toPixel(points[points.length - 1][0], points[points.length - 1][1]));
  ctx.beginPath(); ctx.arc(ex, ey, 4, 0, 2 * Math.PI); ctx.fill();
}

function drawStart(ctx, view, start) {
  const [px, py] = view.toPixel(start[0], start[1]);
  ctx.strokeStyle = '#fff'; ctx.fillStyle = '#000'; ctx.lineWidth = 2;
  ctx.beginPath(); ctx.arc(px, py, 5, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
}

function drawArrow(ctx, from, to, colour) {
  const angle = Math.atan2(to[1] - from[1], to[0] - from[0]);
  ctx.strokeStyle = colour; ctx.fillStyle = colour; ctx.lineWidth = 3;
  ctx.beginPath(); ctx.moveTo(from[0], from[1]); ctx.lineTo(to[0], to[1]); ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(to[0], to[1]);
  ctx.lineTo(to[0] - 12 * Math.cos(angle - 0.4), to[1] - 12 * Math.sin(angle - 0.4));
  ctx.lineTo(to[0] - 12 * Math.cos(angle + 0.4), to[1] - 12 * Math.sin(angle + 0.4));
  ctx.closePath(); ctx.fill();
}

function clickPoint(canvas, event, view) {
  const rect = canvas.getBoundingClientRect();
  return view.toPoint((event.clientX - rect.left) * canvas.width / rect.width,
                      (event.clientY - rect.top) * canvas.height / rect.height);
}

function formatPoint(p) { return p.map(v => Number(v).toPrecision(4)).join(', '); }

// A value to `digits` significant digits; 0 as 0, not 0.00000.
function formatNumber(v, digits = 6) { return Number(v) === 0 ? '0' : Number(v).toPrecision(digits); }

// ---------- Paths: the iterates of descend, one array of [x, y, loss, step] per run ----------

// The step counts at which the path is sampled: every step at first (where overshooting
// shows), then geometrically spaced up to the last.
function sampleSteps(steps) {
  const counts = new Set();
  for (let k = 0; k <= Math.min(steps, 30); k++) counts.add(k);
  for (let i = 0; i <= 50; i++) counts.add(Math.round(Math.pow(steps, i / 50)));
  return [...counts].filter(k => k <= steps).sort((a, b) => a - b);
}

// Runs descend with --path: its result and each run's iterates as [x, y, loss, step], at the
// steps of sampleSteps (the frames of the animation); a path ends before its first iterate
// that is not finite (null in JSON).
async function descendPaths(options) {
  const result = await api('descend', Object.assign({path: true}, options));
  const paths = result.runs.map(run => {
    const path = run.path, points = [];
    for (const k of sampleSteps(path.step.length - 1)) {
      if (path.x[k] === null || path.y[k] === null) break;
      points.push([path.x[k], path.y[k], path.loss[k], path.step[k]]);
    }
    return points;
  });
  return {result: result, paths: paths};
}

function runSummary(run) {
  if (run.diverged_at !== null) return run.optimizer + ': diverged at step ' + run.diverged_at;
  const reached = run.reached_at !== null ? ', reached the minimum at step ' + run.reached_at : '';
  return run.optimizer + ' (lr ' + run.lr + '): (' + formatPoint([run.x, run.y]) + '), loss ' +
    formatNumber(run.loss) + ' after ' + run.steps_run + ' steps' + reached;
}

// Plays paths frame by frame; `onFrame(frame)` draws one frame.
function animate(frames, onFrame, done) {
  let frame = 0;
  function tick() {
    onFrame(frame);
    frame += 1;
    if (frame < frames) requestAnimationFrame(tick); else if (done) done();
  }
  tick();
}

// ---------- Panel 1: surface explorer ----------

const explorer = {surface: null, start: null, view: null};

function drawExplorer(paths, frame) {
  const canvas = document.getElementById('explorer-canvas');
  explorer.view = drawMap(canvas, explorer.surface);
  const ctx = canvas.getContext('2d');
  if (paths) drawPath(ctx, explorer.view, paths[0].slice(0, frame + 1), '#00e5ff');
  drawStart(ctx, explorer.view, explorer.start);
}

async function runExplorer() {
  try {
    showStatus('explorer-status', 'running…');
    const options = Object.assign({}, explorer.surface.options, {
      start: explorer.start.join(','),
      optimizer: document.getElementById('explorer-optimizer').value,
      lr: Number(document.getElementById('explorer-lr').value),
      steps: Number(document.getElementById('explorer-steps').value)
    });
    const {result, paths} = await descendPaths(options);
    animate(paths[0].length, frame => drawExplorer(paths, frame), () => {
      document.getElementById('explorer-canvas').dataset.done = 'true';
    });
    showStatus('explorer-status', runSummary(result.runs[0]));
  } catch (error) { showError('explorer-status', error); }
}

// ---------- Panel 2: optimizer race ----------

// [optimizer, label, colour on the map, colour on the white loss chart]
const RACERS = [['sgd', 'gradient descent', '#00e5ff', '#0097a7'], ['momentum', 'momentum', '#76ff03', '#43a047'],
                ['newton', 'Newton', '#ff4081', '#d81b60']];
const race = {start: null, view: null};

// Loss against step on a log scale, every racer up to the current frame.
function drawRaceLoss(paths, frames) {
  const canvas = document.getElementById('race-loss');
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, canvas.width, canvas.height);
  const all = paths.flat().filter(p => p[2] !== null && p[2] > 0);
  if (all.length === 0) return;
  const logs = all.map(p => Math.log10(p[2]));
  const low = Math.min(...logs), high = Math.max(...logs) + 1e-9;
  const last = Math.max(...all.map(p => p[3])) || 1;
  ctx.fillStyle = '#333'; ctx.font = '11px sans-serif';
  ctx.fillText('log10 loss ' + high.toFixed(1), 4, 11);
  ctx.fillText(low.toFixed(1), 4, canvas.height - 4);
  ctx.fillText('step ' + last, canvas.width - 60, canvas.height - 4);
  paths.forEach((path, r) => {
    ctx.strokeStyle = RACERS[r][3];
    ctx.lineWidth = 2;
    ctx.beginPath();
    path.slice(0, frames[r] + 1).filter(p => p[2] !== null && p[2] > 0).forEach((p, k) => {
      const px = 30 + (canvas.width - 40) * Math.log1p(p[3]) / Math.log1p(last);
      const py = 14 + (canvas.height - 30) * (high - Math.log10(p[2])) / (high - low);
      if (k === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    });
    ctx.stroke();
  });
}

function drawRace(paths, frame) {
  const canvas = document.getElementById('race-canvas');
  race.view = drawMap(canvas, explorer.surface);
  const ctx = canvas.getContext('2d');
  const frames = paths ? paths.map(path => Math.min(frame, path.length - 1)) : [];
  if (paths) paths.forEach((path, r) => drawPath(ctx, race.view, path.slice(0, frames[r] + 1), RACERS[r][2]));
  drawStart(ctx, race.view, race.start);
  if (!paths) return;
  const table = document.getElementById('race-table');
  table.innerHTML = '<tr><th>optimizer</th><th>step</th><th>loss</th></tr>';
  paths.forEach((path, r) => {
    const point = path[frames[r]];
    const row = table.insertRow();
    row.id = 'race-row-' + RACERS[r][0];
    row.insertCell().innerHTML = '<span style="color:' + RACERS[r][2] + '">■</span> ' + RACERS[r][1];
    row.insertCell().textContent = point ? point[3] : '';
    row.insertCell().textContent = point && point[2] !== null ? formatNumber(point[2]) : 'diverged';
  });
  drawRaceLoss(paths, frames);
}

async function runRace() {
  try {
    showStatus('race-status', 'running…');
    const options = Object.assign({}, explorer.surface.options, {
      start: race.start.join(','),
      optimizer: RACERS.map(r => r[0]).join(','),
      lr: RACERS.map(r => document.getElementById('race-lr-' + r[0]).value).join(','),
      steps: Number(document.getElementById('race-steps').value)
    });
    const {result, paths} = await descendPaths(options);
    const frames = Math.max(...paths.map(path => path.length));
    animate(frames, frame => drawRace(paths, frame), () => {
      document.getElementById('race-canvas').dataset.done = 'true';
    });
    showStatus('race-status', result.runs.map(runSummary).join('\n'));
  } catch (error) { showError('race-status', error); }
}

// ---------- Panel 3: saddle points and the Hessian ----------

const hessian = {view: null, result: null};

function drawHessian() {
  const canvas = document.getElementById('hessian-canvas');
  hessian.view = drawMap(canvas, explorer.surface);
  const result = hessian.result;
  if (!result) return;
  const ctx = canvas.getContext('2d');
  const from = hessian.view.toPixel(result.point[0], result.point[1]);
  const [[x0, x1]] = explorer.surface.box;
  const length = 0.18 * (x1 - x0);
  if (result.escape_direction) {
    const [ex, ey] = result.escape_direction;
    drawArrow(ctx, from, hessian.view.toPixel(result.point[0] + length * ex, result.point[1] + length * ey), '#ff1744');
    drawArrow(ctx, from, hessian.view.toPixel(result.point[0] - length * ex, result.point[1] - length * ey), '#ff1744');
  }
  drawStart(ctx, hessian.view, result.point);
}

function showHessian(result) {
  const cells = {
    point: result.point.join(', '), value: result.value, gradient: result.gradient.join(', '),
    eigenvalues: result.eigenvalues.join(', '), trace: result.trace, determinant: result.determinant,
    curvature: result.curvature, verdict: result.verdict,
    escape: result.escape_direction ? result.escape_direction.join(', ') : '—'
  };
  for (const [name, text] of Object.entries(cells)) {
    document.getElementById('hessian-' + name).textContent = String(text);
  }
}

async function classifyAt(point) {
  try {
    const result = await api('classify', Object.assign({}, explorer.surface.options, {at: point.join(',')}));
    hessian.result = result;
    showHessian(result);
    drawHessian();
    showStatus('hessian-status', result.escape_direction
      ? 'f falls fastest along ±(' + formatPoint(result.escape_direction) + '), the red arrows'
      : '');
    document.getElementById('hessian-canvas').dataset.done = 'true';
  } catch (error) { showError('hessian-status', error); }
}

// ---------- Panel 4: SGD noise on Himmelblau ----------

const noise = {surface: null, start: null, view: null, basins: null};

function basinName(surface, minimum) {
  if (!minimum) return 'diverged';
  const index = surface.minima.findIndex(m => m[0] === minimum[0] && m[1] === minimum[1]);
  return 'minimum ' + (index + 1) + ' (' + formatPoint(minimum) + ')';
}

function drawNoise(paths, frame) {
  const canvas = document.getElementById('noise-canvas');
  noise.view = drawMap(canvas, noise.surface);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.font = '12px sans-serif';
  noise.surface.minima.forEach((m, k) => {
    const [px, py] = noise.view.toPixel(m[0], m[1]);
    ctx.fillText(String(k + 1), px + 6, py - 6);
  });
  if (paths) {
    drawPath(ctx, noise.view, paths[0].slice(0, frame + 1), '#40c4ff');
    drawPath(ctx, noise.view, paths[1].slice(0, frame + 1), '#ff9100');
  }
  drawStart(ctx, noise.view, noise.start);
}

function noiseOptions() {
  return {
    surface: 'himmelblau', start: noise.start.join(','),
    lr: Number(document.getElementById('noise-lr').value),
    steps: Number(document.getElementById('noise-steps').value)
  };
}

async function runNoise() {
  try {
    showStatus('noise-status', 'running…');
    const sigma = document.getElementById('noise-sigma').value;
    const seed = document.getElementById('noise-seed').value;
    const options = Object.assign(noiseOptions(), {optimizer: 'sgd,sgd', noise: '0,' + sigma, seed: '0,' + seed});
    const {result, paths} = await descendPaths(options);
    const frames = Math.max(...paths.map(path => path.length));
    animate(frames, frame => drawNoise(paths, Math.min(frame, frames - 1)), () => {
      document.getElementById('noise-canvas').dataset.done = 'true';
    });
    showStatus('noise-status', 'batch GD ends in ' + basinName(noise.surface, result.runs[0].nearest_minimum) +
      '\nSGD (σ ' + sigma + ', seed ' + seed + ') ends in ' + basinName(noise.surface, result.runs[1].nearest_minimum));
  } catch (error) { showError('noise-status', error); }
}

// descend takes at most this many optimizers in one call.
const RUNS_PER_CALL = 16;

// Noisy sgd runs, one per seed, RUNS_PER_CALL to a descend call; counts the basin each ends in.
async function runHistogram() {
  try {
    showStatus('noise-status', 'running…');
    const seeds = Math.max(1, Number(document.getElementById('noise-seeds').value));
    const sigma = document.getElementById('noise-sigma').value;
    const calls = [];
    for (let first = 0; first < seeds; first += RUNS_PER_CALL) {
      const batch = Array.from({length: Math.min(RUNS_PER_CALL, seeds - first)}, (_, k) => first + k);
      calls.push(api('descend', Object.assign(noiseOptions(), {
        optimizer: batch.map(() => 'sgd').join(','), noise: sigma, seed: batch.join(',')
      })));
    }
    const runs = (await Promise.all(calls)).flatMap(result => result.runs);
    const counts = new Map(noise.surface.minima.map(m => [basinName(noise.surface, m), 0]));
    counts.set('diverged', 0);
    for (const run of runs) {
      const name = basinName(noise.surface, run.nearest_minimum);
      counts.set(name, counts.get(name) + 1);
    }
    noise.basins = counts;
    drawHistogram(counts, seeds);
    showStatus('noise-status', seeds + ' seeds, σ ' + sigma + ': ' +
      [...counts].map(([name, count]) => name.split(' (')[0] + ' ' + count).join(', '));
    document.getElementById('noise-histogram').dataset.done = 'true';
  } catch (error) { showError('noise-status', error); }
}

function drawHistogram(counts, total) {
  const canvas = document.getElementById('noise-histogram');
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, canvas.width, canvas.height);
  const entries = [...counts];
  const width = canvas.width / entries.length;
  ctx.font = '11px sans-serif';
  entries.forEach(([name, count], k) => {
    const height = (canvas.height - 40) * count / total;
    ctx.fillStyle = name === 'diverged' ? '#9e9e9e' : '#ff9100';
    ctx.fillRect(k * width + 8, canvas.height - 24 - height, width - 16, height);
    ctx.fillStyle = '#222';
    ctx.fillText(String(count), k * width + width / 2 - 6, canvas.height - 28 - height);
    ctx.fillText(name.split(' (')[0], k * width + 8, canvas.height - 8);
  });
}

// ---------- Networks: files under --models, the plane, the path between two models, the spectrum, logs ----------

async function loadFiles() {
  try {
    const response = await fetch(apiURL('/api/files'), {credentials: 'same-origin'});
    if (!response.ok) throw new Error('GET /api/files answered ' + response.status);
    // {"files": [{path, kind, bytes}]}, kinds model, curve, data, log, vector.
    const listing = (await response.json()).files || [];
    const named = kind => listing.filter(f => f.kind === kind).map(f => f.path);
    const models = named('model'), curves = named('curve'), data = named('data'), logs = named('log'), paths = named('iterates');
    fillSelect('net-model', models);
    fillSelect('net-data', data);
    fillSelect('net-log', logs);
    // The plane's directions: random ones scaled to the model, or the top two principal
    // directions of a training path kept with train --save-iterates (Li et al. 2018 §7).
    const directions = document.getElementById('net-directions');
    directions.innerHTML = '';
    directions.add(new Option('random (filter-normalized)', ''));
    for (const path of paths) directions.add(new Option('PCA of ' + path, path));
    for (const option of document.getElementById('net-log').options) option.selected = true;
    // The second end of the path: another model, or a curve of landscape connect (its own ends).
    fillSelect('net-to', models.slice(1).concat(models.slice(0, 1)).concat(curves.map(c => 'curve: ' + c)));
    showStatus('net-status', models.length + ' models, ' + curves.length + ' curves, ' + data.length +
      ' data files, ' + logs.length + ' logs, ' + paths.length + ' training paths');
  } catch (error) {
    showStatus('net-status', 'no file listing from this server (' + error.message + ')');
  }
}

function fillSelect(id, names) {
  const select = document.getElementById(id);
  select.innerHTML = '';
  for (const name of names) select.add(new Option(name, name));
}

// The model, data and rows chosen, as the options of a probe.
function networkOptions() {
  return {model: document.getElementById('net-model').value, data: document.getElementById('net-data').value,
          rows: document.getElementById('net-rows').value};
}

// Axes of a chart on a white rectangle of the canvas (`area`, the whole canvas by default): the
// plotting area inside a margin, and maps from values to pixels.
function chart(canvas, xs, ys, labels, area = {x: 0, y: 0, w: canvas.width, h: canvas.height}) {
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(area.x, area.y, area.w, area.h);
  const from = area.y, to = area.y + area.h;
  const left = area.x + 46, right = area.x + area.w - 10, top = from + 18, bottom = to - 26;
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)], [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const px = x => left + (right - left) * (x - x0) / (x1 - x0 || 1);
  const py = y => bottom - (bottom - top) * (y - y0) / (y1 - y0 || 1);
  ctx.strokeStyle = '#999'; ctx.lineWidth = 1;
  ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.fillStyle = '#333'; ctx.font = '11px sans-serif';
  ctx.fillText(Number(y1.toPrecision(3)).toString(), area.x + 2, top + 4);
  ctx.fillText(Number(y0.toPrecision(3)).toString(), area.x + 2, bottom);
  ctx.fillText(Number(x0.toPrecision(3)).toString(), left, to - 8);
  ctx.fillText(Number(x1.toPrecision(3)).toString(), right - 30, to - 8);
  ctx.fillText(labels.x, (left + right) / 2 - 20, to - 8);
  ctx.fillText(labels.y, left + 4, from + 12);
  return {ctx: ctx, px: px, py: py, top: top, bottom: bottom};
}

function drawSeries(c, xs, ys, colour) {
  c.ctx.strokeStyle = colour; c.ctx.lineWidth = 2;
  c.ctx.beginPath();
  let first = true;
  xs.forEach((x, k) => {
    if (ys[k] === null || !Number.isFinite(ys[k])) return;
    if (first) c.ctx.moveTo(c.px(x), c.py(ys[k])); else c.ctx.lineTo(c.px(x), c.py(ys[k]));
    first = false;
  });
  c.ctx.stroke();
}

// The loss on the plane through the model (plane --json grid), hover for a cell's loss; with
// the principal directions of a training path, the path drawn at its projection (trajectory).
async function runPlane() {
  try {
    showStatus('net-plane-status', 'computing the plane…');
    const options = Object.assign(networkOptions(), {grid: Number(document.getElementById('net-grid').value)});
    const path = document.getElementById('net-directions').value;
    if (path) options.pca = path;
    const result = await api('plane', options);
    drawPlane(result.grid, result.trajectory || []);
    const centre = result.grid.find(p => p.a === 0 && p.b === 0);
    const losses = result.grid.map(p => p.loss), as = result.grid.map(p => p.a), bs = result.grid.map(p => p.b);
    showStatus('net-plane-status', 'plane: ' + result.grid.length + ' points' +
      (centre ? '; loss at the model ' + formatNumber(centre.loss) : '') + '; hover for the loss' +
      '\na ' + Math.min(...as) + ' to ' + Math.max(...as) + ' across, b ' + Math.min(...bs) + ' to ' + Math.max(...bs) +
      ' up; the model at the cross\ncolour: loss ' + formatNumber(Math.min(...losses), 4) + ' (dark) to ' +
      formatNumber(Math.max(...losses), 4) + ' (yellow), log scale' +
      (result.explained_variance ? '\nthe path (cyan, ' + result.trajectory.length + ' iterates) explains ' +
        result.explained_variance.join(', ') + ' of its variance along a, b' : ''));
    document.getElementById('net-plane').dataset.done = 'true';
  } catch (error) { showError('net-plane-status', error); }
}

function drawPlane(grid, trajectory) {
  const canvas = document.getElementById('net-plane');
  const ctx = canvas.getContext('2d');
  const as = [...new Set(grid.map(p => p.a))].sort((u, v) => u - v);
  const bs = [...new Set(grid.map(p => p.b))].sort((u, v) => u - v);
  const losses = grid.map(p => Math.log(p.loss));
  const low = Math.min(...losses), high = Math.max(...losses) + 1e-12;
  const w = canvas.width / as.length, h = canvas.height / bs.length;
  const cellAt = new Map();
  for (const p of grid) {
    const i = as.indexOf(p.a), j = bs.length - 1 - bs.indexOf(p.b);
    const [r, g, b] = rampColour((Math.log(p.loss) - low) / (high - low));
    ctx.fillStyle = 'rgb(' + r + ',' + g + ',' + b + ')';
    ctx.fillRect(i * w, j * h, Math.ceil(w), Math.ceil(h));
    cellAt.set(i + ',' + j, p);
  }
  // A point (a, b) of the plane at its place among the cells' centres.
  const toPixel = (a, b) => [
    ((a - as[0]) / (as[as.length - 1] - as[0]) * (as.length - 1) + 0.5) * w,
    ((bs[bs.length - 1] - b) / (bs[bs.length - 1] - bs[0]) * (bs.length - 1) + 0.5) * h];
  if (trajectory.length > 0) {
    ctx.strokeStyle = '#00e5ff'; ctx.fillStyle = '#00e5ff'; ctx.lineWidth = 2;
    ctx.beginPath();
    trajectory.forEach((p, k) => { const [x, y] = toPixel(p.a, p.b); if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y); });
    ctx.stroke();
    for (const p of trajectory) { const [x, y] = toPixel(p.a, p.b); ctx.beginPath(); ctx.arc(x, y, 2.5, 0, 2 * Math.PI); ctx.fill(); }
  }
  const [cx, cy] = toPixel(0, 0);
  ctx.strokeStyle = '#fff'; ctx.lineWidth = 1.5;
  ctx.beginPath(); ctx.moveTo(cx - 8, cy); ctx.lineTo(cx + 8, cy); ctx.moveTo(cx, cy - 8); ctx.lineTo(cx, cy + 8); ctx.stroke();
  canvas.onmousemove = event => {
    const rect = canvas.getBoundingClientRect();
    const i = Math.floor((event.clientX - rect.left) / rect.width * as.length);
    const j = Math.floor((event.clientY - rect.top) / rect.height * bs.length);
    const p = cellAt.get(i + ',' + j);
    if (p) canvas.title = 'a ' + p.a + ', b ' + p.b + ': loss ' + p.loss + ', accuracy ' + p.accuracy;
  };
}

// The loss along the line from the model to a second one (interpolate --from --to), or along a
// curve of landscape connect (interpolate --curve), with the barrier interpolate reports.
async function runCurve() {
  try {
    showStatus('net-curve-status', 'interpolating…');
    const to = document.getElementById('net-to').value, options = networkOptions();
    delete options.model;
    if (to.startsWith('curve: ')) options.curve = to.slice(7);
    else Object.assign(options, {from: document.getElementById('net-model').value, to: to});
    const result = await api('interpolate', options);
    const alphas = result.points.map(p => p.alpha), losses = result.points.map(p => p.train_loss);
    const c = chart(document.getElementById('net-curve'), alphas, losses.filter(v => v !== null),
                    {x: options.curve ? 't along the curve' : 'α', y: 'loss'});
    drawSeries(c, alphas, losses, '#1565c0');
    for (const end of options.curve ? [] : [0, 1]) {
      c.ctx.strokeStyle = '#bbb'; c.ctx.setLineDash([3, 3]);
      c.ctx.beginPath(); c.ctx.moveTo(c.px(end), c.top); c.ctx.lineTo(c.px(end), c.bottom); c.ctx.stroke();
      c.ctx.setLineDash([]);
    }
    showStatus('net-curve-status', 'barrier ' + result.train_barrier + ' at ' + (options.curve ? 't ' : 'α ') +
      result.train_barrier_alpha);
    document.getElementById('net-curve').dataset.done = 'true';
  } catch (error) { showError('net-curve-status', error); }
}

// The top of the Hessian's spectrum (sharpness --k) over its density (density): the
// eigenvalues as red lines on the smoothed density, on a log scale six decades deep.
async function runSpectrum() {
  try {
    showStatus('net-spectrum-status', 'computing the spectrum…');
    const options = networkOptions();
    const [top, density] = await Promise.all([
      api('sharpness', Object.assign({k: Number(document.getElementById('net-k').value)}, options)),
      api('density', options)
    ]);
    // Six decades below the highest density, where the smoothed spectrum is empty.
    const highest = Math.max(...density.density.map(p => p.density));
    const lambdas = density.density.map(p => p.lambda);
    const values = density.density.map(p => Math.log10(Math.max(p.density, highest * 1e-6)));
    const c = chart(document.getElementById('net-spectrum'), lambdas.concat(top.eigenvalues), values,
                    {x: 'eigenvalue λ', y: 'log10 density'});
    drawSeries(c, lambdas, values, '#455a64');
    c.ctx.strokeStyle = '#c62828'; c.ctx.lineWidth = 1.5;
    for (const lambda of top.eigenvalues) {
      c.ctx.beginPath(); c.ctx.moveTo(c.px(lambda), c.top); c.ctx.lineTo(c.px(lambda), c.bottom); c.ctx.stroke();
    }
    showStatus('net-spectrum-status', 'top eigenvalues ' + top.eigenvalues.join(', ') +
      '\ntrace estimate ' + density.trace_estimate + ' of ' + density.n_params + ' parameters');
    document.getElementById('net-spectrum').dataset.done = 'true';
  } catch (error) { showError('net-spectrum-status', error); }
}

// Colours of the runs on the log charts: each run its own, as TensorBoard draws them.
const RUN_COLOURS = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a', '#c62828', '#00838f', '#5d4037', '#ad1457'];
// The scalars of a training log, each on a chart of its own with a line per run; sharpness
// with the run's 2/lr dashed beside it (the edge of stability).
const LOG_SCALARS = ['train_loss', 'test_loss', 'train_accuracy', 'test_accuracy', 'sharpness'];

// The training logs chosen (train --log CSVs, read as files under --models), drawn as TensorBoard
// draws runs: one chart per scalar against the step, one line per run.
async function runLog() {
  try {
    const names = [...document.getElementById('net-log').selectedOptions].map(option => option.value);
    if (names.length === 0) throw new Error('choose one or more logs');
    const tables = await Promise.all(names.map(readLog));
    const runs = names.map((name, k) => ({name: name, table: tables[k], colour: RUN_COLOURS[k % RUN_COLOURS.length]}));
    drawLogs(runs);
    showStatus('net-log-status', runs.map(run => run.name + ': ' + run.table.rows.length + ' rows').join('\n'));
    document.getElementById('net-log-canvas').dataset.done = 'true';
  } catch (error) { showError('net-log-status', error); }
}

async function readLog(name) {
  const response = await fetch(apiURL('/api/file') + (TOKEN ? '&' : '?') + 'path=' + encodeURIComponent(name),
                               {credentials: 'same-origin'});
  if (!response.ok) throw new Error('GET /api/file answered ' + response.status + ' for ' + name);
  return parseCSV(await response.text());
}

function parseCSV(text) {
  const [header, ...rows] = text.trim().split('\n').map(line => line.split(','));
  return {header: header, rows: rows.map(row => row.map(cell => cell === '' ? null : Number(cell)))};
}

// A column of a log, null where the log has no such column or no value in a row.
function logColumn(table, name) {
  const k = table.header.indexOf(name);
  return table.rows.map(row => k >= 0 ? row[k] : null);
}

function drawLogs(runs) {
  const canvas = document.getElementById('net-log-canvas');
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, canvas.width, canvas.height);
  const scalars = LOG_SCALARS.filter(name => runs.some(run => logColumn(run.table, name).some(v => v !== null)));
  const columns = 3, legend = 22;
  const w = canvas.width / columns, h = (canvas.height - legend) / Math.max(1, Math.ceil(scalars.length / columns));
  const allSteps = runs.flatMap(run => logColumn(run.table, 'step'));
  scalars.forEach((name, k) => {
    const area = {x: (k % columns) * w, y: Math.floor(k / columns) * h, w: w, h: h};
    const lines = runs.map(run => ({run: run, values: logColumn(run.table, name), dashed: false}));
    if (name === 'sharpness') {
      lines.push(...runs.filter(run => logColumn(run.table, name).some(v => v !== null))
        .map(run => ({run: run, values: logColumn(run.table, 'two_over_lr'), dashed: true})));
    }
    const values = lines.flatMap(line => line.values.filter(v => v !== null));
    const c = chart(canvas, allSteps, values.concat([0]), {x: 'step', y: name === 'sharpness' ? 'sharpness, 2/lr dashed' : name}, area);
    for (const line of lines) {
      c.ctx.setLineDash(line.dashed ? [5, 4] : []);
      drawSeries(c, logColumn(line.run.table, 'step'), line.values, line.run.colour);
    }
    c.ctx.setLineDash([]);
  });
  ctx.font = '11px sans-serif';
  let x = 6;
  for (const run of runs) {
    ctx.fillStyle = run.colour;
    ctx.fillRect(x, canvas.height - 15, 10, 10);
    ctx.fillStyle = '#333';
    ctx.fillText(run.name, x + 14, canvas.height - 6);
    x += 24 + ctx.measureText(run.name).width;
  }
}

// ---------- Wiring ----------

async function selectSurface() {
  const choice = document.getElementById('surface').value;
  document.getElementById('condition-label').style.display = choice === 'bowl' ? '' : 'none';
  document.getElementById('formula-label').style.display = choice === 'formula' ? '' : 'none';
  try {
    showStatus('surface-status', 'loading…');
    const surface = await loadSurface(surfaceOptions());
    explorer.surface = surface;
    explorer.start = surface.start;
    race.start = surface.start;
    hessian.result = null;
    for (const id of ['explorer-status', 'race-status', 'hessian-status']) showStatus(id, '');
    drawExplorer(null, 0);
    drawRace(null, 0);
    drawHessian();
    showStatus('surface-status', 'f(x, y) = ' + surface.formula);
    document.body.dataset.surface = surface.options.surface;
  } catch (error) { showError('surface-status', error); }
}

// A click on a map hands its point to `handler`; hovering names the point under the pointer.
function onCanvasClick(id, handler) {
  const canvas = document.getElementById(id);
  canvas.addEventListener('click', event => handler(clickPoint(canvas, event, makeView(canvas, canvasBox(id)))));
  canvas.addEventListener('mousemove', event => {
    canvas.title = '(' + formatPoint(clickPoint(canvas, event, makeView(canvas, canvasBox(id)))) + ')';
  });
}

function canvasBox(id) { return id === 'noise-canvas' ? noise.surface.box : explorer.surface.box; }

async function start() {
  document.getElementById('surface').addEventListener('change', selectSurface);
  document.getElementById('condition').addEventListener('change', selectSurface);
  document.getElementById('formula').addEventListener('change', selectSurface);
  document.getElementById('explorer-run').addEventListener('click', runExplorer);
  document.getElementById('race-run').addEventListener('click', runRace);
  document.getElementById('noise-run').addEventListener('click', runNoise);
  document.getElementById('noise-histogram-run').addEventListener('click', runHistogram);
  document.getElementById('net-plane-run').addEventListener('click', runPlane);
  document.getElementById('net-log-run').addEventListener('click', runLog);
  document.getElementById('net-curve-run').addEventListener('click', runCurve);
  document.getElementById('net-spectrum-run').addEventListener('click', runSpectrum);
  document.getElementById('noise-sigma').addEventListener('input', event => {
    document.getElementById('noise-sigma-value').textContent = event.target.value;
  });
  onCanvasClick('explorer-canvas', point => { explorer.start = point; drawExplorer(null, 0); });
  onCanvasClick('race-canvas', point => { race.start = point; drawRace(null, 0); });
  onCanvasClick('hessian-canvas', classifyAt);
  onCanvasClick('noise-canvas', point => { noise.start = point; drawNoise(null, 0); });
  await selectSurface();
  try {
    noise.surface = await loadSurface({surface: 'himmelblau'});
    noise.start = noise.surface.start;
    drawNoise(null, 0);
  } catch (error) { showError('noise-status', error); }
  loadFiles();
  document.body.dataset.ready = 'true';
}

start();
</script>
</body>
</html>
"""#
}
