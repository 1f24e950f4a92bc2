#!/usr/bin/env python3
"""End-to-end test of the explorer page in headless Chromium (Debian's chromium and
chromium-driver, Selenium from PyPI), against a running `landscape serve` at --url (with its
token: http://127.0.0.1:PORT/?token=T).

Loads the page, clicks a start on Rosenbrock and runs the explorer (once at a learning rate
that diverges), runs the optimizer race and checks each optimizer's final loss against
`landscape descend --json`, clicks a point of the saddle and checks every shown value equals
`landscape classify --json`'s, types a formula and checks the map's grid and minima against
`landscape surface --json`, runs the SGD-noise panel and its histogram, and, given the served
folder (--models), the Networks panels: the plane (and the loss hovering shows on three of its
cells), the plane of a training path's principal directions (explained variance, the path drawn), the barrier along the line to each other model and along each curve, the top eigenvalues
and the density's trace, each against the CLI's JSON, and the training logs drawn together (every
row read, every run's colour on the charts). Saves a screenshot of each panel into --screenshots.
Exits 1 on any failed check.

    python3 scripts/browser-test.py --url 'http://127.0.0.1:8765/?token=T' --binary .build/debug/landscape
"""
import argparse
import json
import os
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

passed, failed = [], []


def check(name, condition, detail=""):
    (passed if condition else failed).append(name)
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + detail), flush=True)


def browser():
    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,3400"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def click_at(driver, canvas_id, point, box):
    """Clicks the canvas at a point (x, y) of the surface's box."""
    canvas = driver.find_element(By.ID, canvas_id)
    (x0, x1), (y0, y1) = box
    width, height = canvas.size["width"], canvas.size["height"]
    px = (point[0] - x0) / (x1 - x0) * width
    py = (y1 - point[1]) / (y1 - y0) * height
    ActionChains(driver).move_to_element_with_offset(canvas, int(px - width / 2), int(py - height / 2)).click().perform()


def wait_done(driver, element_id, seconds=120):
    WebDriverWait(driver, seconds).until(
        lambda d: d.find_element(By.ID, element_id).get_attribute("data-done") == "true")


def clear_done(driver, element_id):
    driver.execute_script("delete document.getElementById(arguments[0]).dataset.done", element_id)


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def cli(binary, command, options, folder=None):
    """What `landscape COMMAND --json` prints with these options, run in folder (the served one)."""
    arguments = [binary, command]
    for key, value in options.items():
        arguments += ["--" + key, str(value)]
    return json.loads(subprocess.run(arguments + ["--json"], check=True, capture_output=True, text=True, cwd=folder).stdout)


def set_value(driver, element_id, value):
    element = driver.find_element(By.ID, element_id)
    element.clear()
    element.send_keys(str(value))


def explorer(driver, shots):
    box = driver.execute_script("return explorer.surface.box")
    click_at(driver, "explorer-canvas", (-1.2, 2.5), box)
    start = driver.execute_script("return explorer.start")
    check("a click sets the explorer's start near (-1.2, 2.5)",
          abs(start[0] + 1.2) < 0.05 and abs(start[1] - 2.5) < 0.05, str(start))
    driver.find_element(By.ID, "explorer-run").click()
    wait_done(driver, "explorer-canvas")
    status = text(driver, "explorer-status")
    check("the explorer's run reports its end", status.startswith("sgd") and "loss" in status, status)
    driver.find_element(By.ID, "panel-explorer").screenshot(os.path.join(shots, "1-explorer.png"))
    clear_done(driver, "explorer-canvas")
    set_value(driver, "explorer-lr", 0.004)
    driver.find_element(By.ID, "explorer-run").click()
    wait_done(driver, "explorer-canvas")
    status = text(driver, "explorer-status")
    check("a learning rate of 0.004 diverges and says so", "diverged at step" in status, status)
    driver.find_element(By.ID, "panel-explorer").screenshot(os.path.join(shots, "1-explorer-diverged.png"))
    return start


def race(driver, binary, shots):
    box = driver.execute_script("return explorer.surface.box")
    click_at(driver, "race-canvas", (-1.2, 2.5), box)
    start = driver.execute_script("return race.start")
    driver.find_element(By.ID, "race-run").click()
    wait_done(driver, "race-canvas")
    expected = cli(binary, "descend", {"surface": "rosenbrock", "start": "%r,%r" % tuple(start),
                                       "optimizer": "sgd,momentum,newton", "lr": "0.001,0.001,1", "steps": 500})
    for run in expected["runs"]:
        cells = driver.find_element(By.ID, "race-row-" + run["optimizer"]).find_elements(By.TAG_NAME, "td")
        step, loss = int(cells[1].text), float(cells[2].text)
        check("race: %s's last step is the CLI's steps_run" % run["optimizer"], step == run["steps_run"],
              "%d vs %d" % (step, run["steps_run"]))
        check("race: %s's loss is the CLI's to the 6 digits shown" % run["optimizer"],
              abs(loss - run["loss"]) <= 5e-6 * abs(run["loss"]) + 1e-300, "%r vs %r" % (loss, run["loss"]))
    driver.find_element(By.ID, "panel-race").screenshot(os.path.join(shots, "2-race.png"))


def saddle(driver, binary, shots):
    Select(driver.find_element(By.ID, "surface")).select_by_value("saddle")
    WebDriverWait(driver, 60).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-surface") == "saddle")
    box = driver.execute_script("return explorer.surface.box")
    click_at(driver, "hessian-canvas", (0.3, -0.2), box)
    wait_done(driver, "hessian-canvas")
    point = text(driver, "hessian-point").replace(" ", "")
    expected = cli(binary, "classify", {"surface": "saddle", "at": point})
    numbers = {"value": [expected["value"]], "gradient": expected["gradient"],
               "eigenvalues": expected["eigenvalues"], "trace": [expected["trace"]],
               "determinant": [expected["determinant"]], "escape": expected["escape_direction"] or []}
    for name, values in numbers.items():
        shown = [float(v) for v in text(driver, "hessian-" + name).split(",") if v.strip() not in ("", "—")]
        check("classify: the shown %s equals the CLI's" % name, shown == values, "%r vs %r" % (shown, values))
    for name in ["curvature", "verdict"]:
        check("classify: the shown %s equals the CLI's" % name, text(driver, "hessian-" + name) == expected[name],
              "%r vs %r" % (text(driver, "hessian-" + name), expected[name]))
    check("the saddle is called a saddle with an escape direction",
          expected["curvature"] == "saddle" and expected["escape_direction"] is not None)
    driver.find_element(By.ID, "panel-hessian").screenshot(os.path.join(shots, "3-hessian.png"))


def formula(driver, binary, shots):
    Select(driver.find_element(By.ID, "surface")).select_by_value("formula")
    typed = driver.find_element(By.ID, "formula").get_attribute("value")
    WebDriverWait(driver, 60).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-surface") == typed)
    expected = cli(binary, "surface", {"surface": typed, "grid": 111})
    shown = driver.execute_script("return [explorer.surface.box, explorer.surface.minima, explorer.surface.values]")
    check("formula: the map's box, minima and values are surface --json's",
          shown == [expected["box"], expected["minima"], expected["values"]], "%r vs %r" % (shown[:2], [expected["box"], expected["minima"]]))
    check("formula: a typed formula has its minima found", len(expected["minima"]) > 0, typed)
    driver.find_element(By.ID, "panel-explorer").screenshot(os.path.join(shots, "1-explorer-formula.png"))


def noise(driver, shots):
    driver.find_element(By.ID, "noise-run").click()
    wait_done(driver, "noise-canvas")
    status = text(driver, "noise-status")
    check("noise: both runs name the basin they end in", status.count("ends in") == 2, status)
    driver.find_element(By.ID, "noise-histogram-run").click()
    wait_done(driver, "noise-histogram")
    status = text(driver, "noise-status")
    counts = [int(part.split()[-1]) for part in status.split(": ", 1)[1].split(", ")]
    check("noise: the histogram counts every seed", sum(counts) == 100, status)
    driver.find_element(By.ID, "panel-noise").screenshot(os.path.join(shots, "4-noise.png"))


def hover_checks(driver, grid, cells):
    """Hovers cells (i, j) of the plane's heat map (i along a, j along b, from the lowest) and
    checks that each names the CLI's a, b, loss and accuracy of that grid point."""
    canvas = driver.find_element(By.ID, "net-plane")
    a_values, b_values = sorted({p["a"] for p in grid}), sorted({p["b"] for p in grid})
    for i, j in cells:
        point = [p for p in grid if p["a"] == a_values[i] and p["b"] == b_values[j]][0]
        width, height = canvas.size["width"], canvas.size["height"]
        px = (i + 0.5) / len(a_values) * width
        py = (len(b_values) - 1 - j + 0.5) / len(b_values) * height
        ActionChains(driver).move_to_element_with_offset(canvas, int(px - width / 2), int(py - height / 2)).perform()
        title = canvas.get_attribute("title")
        shown = dict(zip(["a", "b", "loss", "accuracy"], [float(v) for v in
                     title.replace(":", "").replace(",", "").split()[1::2]])) if title else {}
        check("networks: hovering cell (a %g, b %g) shows the CLI's loss and accuracy" % (point["a"], point["b"]),
              shown == {k: point[k] for k in ["a", "b", "loss", "accuracy"]}, "%r vs %r" % (title, point))


def networks(driver, binary, folder, shots):
    models = driver.execute_script("return [...document.getElementById('net-model').options].map(o => o.value)")
    if not models:
        print("skip networks: the server lists no models", flush=True)
        return
    model, data = models[0], driver.execute_script("return document.getElementById('net-data').value")
    probe = {"model": model, "data": data, "rows": "all"}

    def run(button, canvas, status):
        clear_done(driver, canvas)
        driver.find_element(By.ID, button).click()
        WebDriverWait(driver, 120).until(lambda d: d.find_element(By.ID, canvas).get_attribute("data-done") == "true"
                                         or "error" in text(d, status))
        return text(driver, status)

    status = run("net-plane-run", "net-plane", "net-plane-status")
    expected = cli(binary, "plane", dict(probe, grid=21), folder)
    centre = [p for p in expected["grid"] if p["a"] == 0 and p["b"] == 0][0]
    parts = status.replace(";", "").split()
    check("networks: the plane has the CLI's points and its loss at the model to the 6 digits shown",
          parts[1] == str(len(expected["grid"])) and float(parts[7]) == float("%.6g" % centre["loss"]), status)
    hover_checks(driver, expected["grid"], [(3, 15), (0, 0), (20, 7)])
    pca_paths = driver.execute_script(
        "return [...document.getElementById('net-directions').options].map(o => o.value).filter(v => v)")
    check("networks: the iterates files are offered as principal directions", pca_paths == ["iris-path.json"], repr(pca_paths))
    if pca_paths:
        Select(driver.find_element(By.ID, "net-model")).select_by_value("iris.json")
        Select(driver.find_element(By.ID, "net-directions")).select_by_value(pca_paths[0])
        status = run("net-plane-run", "net-plane", "net-plane-status")
        expected = cli(binary, "plane", dict(probe, model="iris.json", grid=21, pca=pca_paths[0]), folder)
        last = status.split("\n")[-1]
        shown = [float(v) for v in last.split("explains ")[-1].split(" of")[0].split(", ")] if "explains " in last else []
        check("networks: the principal plane's explained variance and iterates are the CLI's",
              shown == expected["explained_variance"] and "(cyan, %d iterates)" % len(expected["trajectory"]) in last,
              "%r vs %r" % (last, expected["explained_variance"]))
        cyan = driver.execute_script("""
            const canvas = document.getElementById('net-plane');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0;
            for (let k = 0; k < pixels.length; k += 4)
              if (pixels[k] < 40 && pixels[k + 1] > 200 && pixels[k + 2] > 230) count++;
            return count;""")
        check("networks: the path is drawn on the principal plane", cyan > 100, "%d cyan pixels" % cyan)
        hover_checks(driver, expected["grid"], [(10, 10), (2, 18)])
        driver.find_element(By.ID, "panel-networks").screenshot(os.path.join(shots, "5-networks-pca.png"))
        Select(driver.find_element(By.ID, "net-directions")).select_by_value("")
        Select(driver.find_element(By.ID, "net-model")).select_by_value(model)
    for target in driver.execute_script("return [...document.getElementById('net-to').options].map(o => o.value)"):
        Select(driver.find_element(By.ID, "net-to")).select_by_value(target)
        status = run("net-curve-run", "net-curve", "net-curve-status")
        options = {"curve": target[7:]} if target.startswith("curve: ") else {"from": model, "to": target}
        expected = cli(binary, "interpolate", dict(options, data=data, rows="all"), folder)
        shown = status.split()
        check("networks: the barrier to %s is the CLI's" % target,
              len(shown) == 5 and float(shown[1]) == expected["train_barrier"] and float(shown[4]) == expected["train_barrier_alpha"],
              "%r vs %r" % (status, expected["train_barrier"]))
        driver.find_element(By.ID, "panel-networks").screenshot(
            os.path.join(shots, "5-networks-curve.png" if target.startswith("curve") else "5-networks-line.png"))
    set_value(driver, "net-k", 4)
    status = run("net-spectrum-run", "net-spectrum", "net-spectrum-status")
    top = cli(binary, "sharpness", dict(probe, k=4), folder)
    density = cli(binary, "density", probe, folder)
    lines = status.split("\n")
    shown = [float(v) for v in lines[0].replace("top eigenvalues ", "").split(", ")]
    check("networks: the top eigenvalues are the CLI's", shown == top["eigenvalues"], "%r vs %r" % (shown, top["eigenvalues"]))
    check("networks: the density's trace estimate is the CLI's",
          len(lines) == 2 and float(lines[1].split()[2]) == density["trace_estimate"], "%r vs %r" % (status, density["trace_estimate"]))
    logs = driver.execute_script("return [...document.getElementById('net-log').selectedOptions].map(o => o.value)")
    status = run("net-log-run", "net-log-canvas", "net-log-status")
    expected = []
    for name in logs:
        with open(os.path.join(folder, name)) as log:
            expected.append("%s: %d rows" % (name, len(log.read().strip().split("\n")) - 1))
    check("networks: every log is read, every row of it (%d logs)" % len(logs),
          len(logs) >= 2 and status.split("\n") == expected, "%r vs %r" % (status, expected))
    # Each run's lines in its colour on the charts (above the legend's row): pixels of that colour.
    counts = driver.execute_script("""
        const canvas = document.getElementById('net-log-canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height - 24).data;
        return RUN_COLOURS.slice(0, arguments[0]).map(colour => {
          const [r, g, b] = [1, 3, 5].map(k => parseInt(colour.slice(k, k + 2), 16));
          let count = 0;
          for (let k = 0; k < pixels.length; k += 4)
            if (Math.abs(pixels[k] - r) + Math.abs(pixels[k + 1] - g) + Math.abs(pixels[k + 2] - b) < 24) count++;
          return count;
        });""", len(logs))
    check("networks: every run is drawn on the charts in its own colour", all(c > 300 for c in counts), repr(counts))
    driver.find_element(By.ID, "panel-networks").screenshot(os.path.join(shots, "5-networks.png"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--binary", default=".build/debug/landscape")
    parser.add_argument("--screenshots", default="browser-screenshots")
    parser.add_argument("--models", help="the server's --models folder, where the CLI runs to check the Networks panels")
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    driver = browser()
    try:
        driver.get(args.url)
        WebDriverWait(driver, 60).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        check("the page loads its surfaces", "f(x, y) = (1 - x)^2" in text(driver, "surface-status"),
              text(driver, "surface-status"))
        explorer(driver, args.screenshots)
        race(driver, args.binary, args.screenshots)
        saddle(driver, args.binary, args.screenshots)
        formula(driver, args.binary, args.screenshots)
        noise(driver, args.screenshots)
        if args.models:
            networks(driver, os.path.abspath(args.binary), args.models, args.screenshots)
        errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        check("no errors in the browser console", not errors, "; ".join(errors))
    except Exception as error:
        check("the test ran to its end", False, repr(error))
    finally:
        driver.quit()
    print("%d passed, %d failed" % (len(passed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
