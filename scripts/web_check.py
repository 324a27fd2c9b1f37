"""Drives query-service's web page in a real headless Chromium (scripts/web-check.sh runs it).

Loads a catalog through the API (ingest-service), then in the browser: sees it listed with its sky map
(the map's pixels checked where an independent Mollweide projection puts the rows), runs a cone search
and reads the table page by page against a brute-force cone on the rows it wrote, reloads the shared URL,
starts an ingest job from the page with a token and watches its progress move until SUCCEEDED, shows
the quenching answer and checks its numbers against the API, deletes the page's catalog from its card
(only once its name is typed back). Fails on any JavaScript console error,
any request to another host, an unlabelled form control. Screenshots go to $RUN_DIR/web/ (target/).

usage: web_check.py QUERY_URL INGEST_URL TOKEN_FILE DATA_DIR SHOT_DIR [GALAXIES VOIDS]
"""
import json
import math
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import numpy as np
from astropy.table import Table
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

QUERY, INGEST, TOKEN_FILE, DATA_DIR, SHOTS = sys.argv[1:6]
GALAXIES, VOIDS = (sys.argv[6], sys.argv[7]) if len(sys.argv) > 7 else (None, None)
TOKEN = open(TOKEN_FILE).read().strip()
STAMP = str(int(time.time()))
CATALOG = "web_cone_" + STAMP
BIG = "web_progress_" + STAMP
os.makedirs(SHOTS, exist_ok=True)
failures = []


def check(ok, message):
    print(("ok   " if ok else "FAIL ") + message)
    if not ok:
        failures.append(message)


def http(method, url, body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, r.read()


def await_job(url):
    for _ in range(1200):
        job = json.loads(http("GET", url)[1])
        if job["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return job
        time.sleep(0.1)
    raise SystemExit("job did not finish: " + url)


# ---- a catalog across RA 0/360, loaded through the API
rng = np.random.default_rng(15)
n = 3000
ra = np.mod(rng.uniform(-2.0, 2.0, n), 360.0)
dec = rng.uniform(-7.0, -3.0, n)
ids = np.arange(1, n + 1, dtype=np.int64) * 7
mag = rng.uniform(17, 21, n)
path = os.path.join(DATA_DIR, CATALOG + ".fits")
# plus three rows ingest must reject (kept with their reasons, shown on the Jobs view)
bad = {"OBJID": [9_000_001, 9_000_002, 9_000_003], "RA": [np.nan, 10.0, 10.0], "DEC": [0.0, 95.0, -91.0]}
t = Table({"OBJID": np.concatenate([ids, bad["OBJID"]]), "RA": np.concatenate([ra, bad["RA"]]),
           "DEC": np.concatenate([dec, bad["DEC"]]), "MAG": np.concatenate([mag, [18.0, 18.0, 18.0]])})
t["MAG"].unit = "mag"
t.write(path, format="fits", overwrite=True)
with open(path, "rb") as f:
    status, body = http("POST", INGEST + "/api/v1/ingest/uploads?" + urllib.parse.urlencode(
        {"profile": "generic", "catalog": CATALOG, "raColumn": "RA", "decColumn": "DEC", "idColumn": "OBJID"}),
        f.read(), {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/fits"})
job = await_job(INGEST + "/api/v1/ingest/jobs/" + str(json.loads(body)["id"]))
check(job["status"] == "SUCCEEDED" and job["rowsLoaded"] == n and job["rowsRejected"] == 3,
      "catalog %s loaded through the API (%d rows, 3 rejected)" % (CATALOG, n))
upload_job = job["id"]


def unit(r, d):
    """Unit vectors of positions [deg]: separations from dot products, independent of the service's haversine."""
    r, d = np.radians(r), np.radians(d)
    return np.stack([np.cos(d) * np.cos(r), np.cos(d) * np.sin(r), np.sin(d)], axis=-1)


def brute_cone(ra0, dec0, radius_deg):
    """Ids within the cone, nearest first."""
    sep = np.degrees(np.arccos(np.clip(unit(ra, dec) @ unit(ra0, dec0), -1, 1)))
    inside = np.where(sep <= radius_deg)[0]
    return [int(ids[i]) for i in inside[np.argsort(sep[inside], kind="stable")]]


def mollweide_pixel(ra_deg, dec_deg):
    """Where the service's map (788 x 392 units, sky 720 x 360 after margins 34/10, RA 180 centred,
    RA increasing to the left) shows a position: Mollweide by bisection, written here from the formulas."""
    lon = math.radians(((ra_deg - 180) % 360 + 540) % 360 - 180)
    target = math.pi * math.sin(math.radians(dec_deg))
    lo, hi = -math.pi / 2, math.pi / 2
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if 2 * mid + math.sin(2 * mid) < target else (lo, mid)
    theta = (lo + hi) / 2
    scale = 720 / (4 * math.sqrt(2))
    x = 360 - 2 * math.sqrt(2) / math.pi * lon * math.cos(theta) * scale
    y = 180 - math.sqrt(2) * math.sin(theta) * scale
    return 34 + x, 10 + y


# ---- the gateway forwards the caller's token and the service's answer
try:
    http("POST", QUERY + "/api/v1/ingest/jobs", b'{"source": "x.fits", "profile": "generic", "catalog": "x"}',
         {"Authorization": "Bearer not-a-token", "Content-Type": "application/json"})
    check(False, "a write through query-service with a bad token was accepted")
except urllib.error.HTTPError as e:
    check(e.code == 401, "a write through query-service with a bad token: %d from ingest-service" % e.code)
listed = json.loads(http("GET", QUERY + "/api/v1/ingest/jobs?limit=5")[1])
check(any(j["catalog"] == CATALOG for j in listed), "query-service lists ingest-service's jobs")
finished_job = next(j for j in listed if j["catalog"] == CATALOG)
waited = json.loads(http("GET", QUERY + "/api/v1/ingest/jobs/%d?waitSeconds=5" % finished_job["id"])[1])
check(waited["id"] == finished_job["id"] and waited["status"] == finished_job["status"],
      "query-service forwards a wait for a job (waitSeconds; answered at once for a finished one)")


# ---- the browser
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900",
            "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-component-update",
            "--disable-background-networking", "--disable-sync", "--disable-default-apps"):
    options.add_argument(arg)
options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 60, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,))
requested = []
console = []


def drain_logs():
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            requested.append(msg["params"]["request"]["url"])
    console.extend(driver.get_log("browser"))


def shot(name, selector=None):
    if selector:
        found = driver.find_elements(By.CSS_SELECTOR, selector)
        if found:
            driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", found[0])
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def js(script, *args):
    return driver.execute_script(script, *args)


try:
    # ---- catalogs: listed with the map where the rows lie
    driver.get(QUERY + "/")
    card = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, 'section.card[data-catalog="%s"]' % CATALOG))[0]
    driver.execute_script("arguments[0].scrollIntoView()", card)
    facts = card.find_element(By.CSS_SELECTOR, ".facts").text
    check("3,000 rows" in facts and "generic" in facts and "deg²" in facts, "catalog card lists kind, rows and area: " + facts)
    img = card.find_element(By.CSS_SELECTOR, "img.skymap")
    wait.until(lambda d: js("return arguments[0].complete && arguments[0].naturalWidth > 0", img))
    check("Sky coverage of " + CATALOG in img.get_attribute("alt"), "the map has a text alternative: " + img.get_attribute("alt"))
    # the map's pixels, read back through a canvas (same origin), at points an independent projection gives
    probes = {"inside, RA 1 (right edge)": (1.0, -5.0, True), "inside, RA 359 (left edge)": (359.0, -5.0, True),
              "outside, RA 180": (180.0, -5.0, False), "outside, RA 1 Dec +30": (1.0, 30.0, False)}
    for label, (pra, pdec, covered) in probes.items():
        x, y = mollweide_pixel(pra, pdec)
        rgb = js("""const img = arguments[0]; const c = document.createElement('canvas');
                    c.width = img.naturalWidth; c.height = img.naturalHeight;
                    const g = c.getContext('2d'); g.drawImage(img, 0, 0);
                    return Array.from(g.getImageData(Math.round(arguments[1]), Math.round(arguments[2]), 1, 1).data);""",
                 img, x, y)
        blue = rgb[2] > 150 and rgb[0] < 80
        check(blue == covered, "sky map at %s (x=%.0f, y=%.0f): rgb %s" % (label, x, y, rgb[:3]))
    card.find_element(By.CSS_SELECTOR, "details summary").click()
    units = card.find_element(By.CSS_SELECTOR, "details table").text
    check("mag" in units, "columns expand with their units")
    card.find_elements(By.CSS_SELECTOR, "details summary")[1].click()
    sha = json.loads(http("GET", QUERY + "/api/v1/catalogs/" + CATALOG)[1])["sourceFiles"][0]["sha256"]
    check(sha in card.text, "source file listed with its SHA-256")
    shot("1-catalogs", 'section.card[data-catalog="%s"]' % CATALOG)

    # ---- cone search from the card, paged, against brute force
    card.find_element(By.XPATH, ".//button[starts-with(normalize-space(.), 'Cone search in')]").click()
    wait.until(lambda d: d.find_element(By.ID, "cone-catalog").get_attribute("value") == CATALOG)
    ra0, dec0, radius = 0.2, -5.0, 0.5
    expected = brute_cone(ra0, dec0, radius)
    for name, value in (("cone-ra", ra0), ("cone-dec", dec0), ("cone-radius", radius), ("cone-limit", 10)):
        field = driver.find_element(By.ID, name)
        field.clear()
        field.send_keys(str(value))
    driver.find_element(By.CSS_SELECTOR, "#cone-form button[type=submit]").click()

    def table_ids():
        """The objid column of the result table, read in one step (the table may be redrawn meanwhile)."""
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#cone-result table tbody tr"))
        return js("""const head = Array.from(document.querySelectorAll('#cone-result thead th')).map(th => th.textContent);
                     const col = head.indexOf('objid');
                     return Array.from(document.querySelectorAll('#cone-result tbody tr'))
                                 .map(tr => Number(tr.children[col].textContent));""")

    seen = table_ids()
    shot("2-cone-search", "#cone-result")
    pages = 1
    while driver.find_element(By.ID, "cone-next").is_enabled():
        before = driver.find_element(By.ID, "cone-summary").text
        driver.find_element(By.ID, "cone-next").click()
        wait.until(lambda d: d.find_element(By.ID, "cone-summary").text != before)
        seen += table_ids()
        pages += 1
    check(len(expected) > 20, "the cone holds %d rows (more than two pages)" % len(expected))
    check(seen == expected, "cone search table over %d pages equals the brute-force cone (%d rows, same order)"
          % (pages, len(expected)))
    shared = driver.current_url
    q = urllib.parse.parse_qs(urllib.parse.urlparse(shared).query)
    check(q.get("catalog") == [CATALOG] and q.get("ra") == [str(ra0)] and q.get("radius") == [str(radius)],
          "the search's parameters are in the URL: " + shared)
    csv_href = driver.find_element(By.ID, "download-csv").get_attribute("href")
    csv_rows = http("GET", csv_href)[1].decode().strip().splitlines()
    check(len(csv_rows) - 1 == len(expected), "CSV download holds the whole cone (%d rows)" % (len(csv_rows) - 1))
    check("VOTABLE" in http("GET", driver.find_element(By.ID, "download-votable").get_attribute("href"))[1][:400].decode(),
          "VOTable download is a VOTable")
    # the shared link, opened afresh, shows the same search (first page)
    first_url = QUERY + "/?" + urllib.parse.urlencode({"view": "cone", "catalog": CATALOG, "ra": ra0, "dec": dec0,
                                                       "radius": radius, "limit": 10})
    driver.get(first_url)
    check(table_ids() == expected[:10], "a shared search URL opens on the same first page")
    # a filter from the form, against brute force with the same cut
    driver.find_element(By.ID, "cone-add-filter").click()
    row = driver.find_elements(By.CSS_SELECTOR, ".filter-row")[-1]
    from selenium.webdriver.support.select import Select
    Select(row.find_element(By.TAG_NAME, "select")).select_by_value("mag")
    row.find_element(By.CSS_SELECTOR, "input.max").send_keys("19")
    limit = driver.find_element(By.ID, "cone-limit")
    limit.clear()
    limit.send_keys("1000")
    driver.find_element(By.CSS_SELECTOR, "#cone-form button[type=submit]").click()
    wait.until(lambda d: "mag.max=19" in d.current_url)
    bright = [i for i in expected if mag[(ids == i).argmax()] <= 19]
    check(table_ids() == bright, "filter mag <= 19 from the form: %d rows as brute force" % len(bright))

    # ---- keyboard: arrow keys move between the tabs
    tab = driver.find_element(By.ID, "tab-cone")
    tab.send_keys(Keys.ARROW_RIGHT)
    wait.until(lambda d: d.find_element(By.ID, "tab-jobs").get_attribute("aria-selected") == "true")
    check(driver.switch_to.active_element.get_attribute("id") == "tab-jobs", "arrow keys move between tabs with focus")

    # ---- jobs: the upload's rejected rows with their reasons
    rejects_button = wait.until(lambda d: d.find_elements(
        By.CSS_SELECTOR, '#ingest-jobs tr[data-job="%s"] button' % upload_job))[0]
    check(rejects_button.text == "3", "the jobs table shows the upload's 3 rejected rows")
    rejects_button.click()
    rejected = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#rejects tbody tr"))
    text = driver.find_element(By.ID, "rejects").text
    check(len(rejected) == 3 and all(("%d HDU1" % r) in text for r in (n + 1, n + 2, n + 3))
          and "RA NaN" in text and "DEC 95.0" in text and "DEC -91.0" in text and "[object" not in text,
          "the rejected rows are listed with their reasons: " + " | ".join(r.text[:80] for r in rejected))
    shot("3-rejects", "#rejects")

    # ---- jobs: start a load from the page with a token and watch its progress move
    # long enough for the page's 1-s polls to see the rows read grow at least twice while it runs: at
    # 675k rows/s (this machine on a fast afternoon) 1.5M rows left a single reading between 0 and done
    big = 5_000_000
    brng = np.random.default_rng(16)
    Table({"ID": np.arange(1, big + 1, dtype=np.int64), "RA": brng.uniform(150, 160, big),
           "DEC": brng.uniform(0, 5, big), "FLUX": brng.normal(10, 2, big).astype(np.float32)}).write(
        os.path.join(DATA_DIR, BIG + ".fits"), format="fits", overwrite=True)
    driver.find_element(By.ID, "ingest-source").find_element(By.XPATH, "ancestor::details").click()
    for name, value in (("ingest-source", BIG + ".fits"), ("ingest-catalog", BIG), ("ingest-ra", "RA"),
                        ("ingest-dec", "DEC"), ("ingest-id", "ID")):
        driver.find_element(By.ID, name).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#ingest-form button[type=submit]").click()
    status = wait.until(lambda d: d.find_element(By.ID, "status").text)
    check("needs a token" in status, "without a token the page asks for one: " + status)
    driver.find_element(By.ID, "token").send_keys(TOKEN)
    driver.find_element(By.CSS_SELECTOR, "#token-form button[type=submit]").click()
    driver.find_element(By.CSS_SELECTOR, "#ingest-form button[type=submit]").click()
    status = wait.until(lambda d: "Ingest job" in d.find_element(By.ID, "status").text and d.find_element(By.ID, "status").text)
    job_id = status.split()[2]
    check(status.endswith("queued.") or "running" in status, "the page started ingest job " + job_id + ": " + status)
    readings = []
    deadline = time.time() + 180
    final = None
    while time.time() < deadline:
        rows = driver.find_elements(By.CSS_SELECTOR, '#ingest-jobs tr[data-job="%s"]' % job_id)
        if rows:
            try:
                st, read = rows[0].get_attribute("data-status"), int(rows[0].get_attribute("data-rows-read"))
            except Exception:   # the table was redrawn between the two reads
                continue
            if not readings or readings[-1] != (st, read):
                readings.append((st, read))
                if st == "RUNNING" and 0 < read < big and len([r for r in readings if r[0] == "RUNNING"]) == 2:
                    shot("4-job-running", "#ingest-jobs")
            if st in ("SUCCEEDED", "FAILED", "CANCELLED"):
                final = st
                break
        time.sleep(0.1)
    shot("5-job-finished", "#ingest-jobs")
    running = [r for s, r in readings if s == "RUNNING" and 0 < r < big]
    print("     progress seen on the page:", readings)
    check(final == "SUCCEEDED", "the job the page started finished SUCCEEDED")
    check(len(running) >= 2 and running == sorted(running) and len(set(running)) == len(running),
          "the page showed the job's progress move: %s rows read" % running)
    done = driver.find_element(By.CSS_SELECTOR, '#ingest-jobs tr[data-job="%s"]' % job_id).text
    check("5,000,000 / 5,000,000 rows" in done, "finished job shows all rows: " + done)
    check(TOKEN not in driver.page_source and js("return localStorage.length") == 0
          and js("return sessionStorage.getItem('desi-catalogs-token')") == TOKEN,
          "the token is kept in session storage only, never in the page")

    # ---- jobs: a load cancelled from the page leaves nothing behind
    cancelled = BIG + "_cancelled"
    catalog_field = driver.find_element(By.ID, "ingest-catalog")
    catalog_field.clear()
    catalog_field.send_keys(cancelled)
    driver.find_element(By.CSS_SELECTOR, "#ingest-form button[type=submit]").click()
    status = wait.until(lambda d: ("Ingest job" in d.find_element(By.ID, "status").text
                                   and d.find_element(By.ID, "status").text.split()[2] != job_id)
                        and d.find_element(By.ID, "status").text)
    cancel_id = status.split()[2]
    # keyboard, as a user without a mouse would: focus the job's Cancel button, then Enter (the table redraws
    # every second; the page keeps the focus on the same button)
    cancel_key = "cancel-ingest-" + cancel_id
    wait.until(lambda d: js("const b = document.querySelector('[data-focus-key=\"%s\"]'); if (b) b.focus();"
                            " return document.activeElement === b && b !== null;" % cancel_key))
    time.sleep(1.2)   # at least one redraw in between
    # read in the page in one step: a redraw between finding the element and reading it would make it stale
    check(js("return document.activeElement && document.activeElement.getAttribute('data-focus-key')") == cancel_key,
          "keyboard focus stays on the Cancel button across the table's redraws")
    # Enter goes to whatever has the focus when it is pressed, as a keyboard's would: an element looked up first
    # may have been replaced by a redraw in between (the focus moves to its successor)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '#ingest-jobs tr[data-job="%s"][data-status="CANCELLED"]'
                                         % cancel_id))
    try:
        http("GET", QUERY + "/api/v1/catalogs/" + cancelled)
        left_behind = True
    except urllib.error.HTTPError as e:
        left_behind = e.code != 404
    check(not left_behind, "ingest job %s cancelled from the page: CANCELLED, and catalog %s does not exist"
          % (cancel_id, cancelled))

    # ---- jobs: a sky cross-match started from the page (self-match within 1 arcsec), pairs against brute force
    driver.find_element(By.ID, "xm-left").find_element(By.XPATH, "ancestor::details").click()
    for name, value in (("xm-left", CATALOG), ("xm-right", CATALOG)):
        driver.find_element(By.ID, name).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#crossmatch-form button[type=submit]").click()
    status = wait.until(lambda d: "Cross-match job" in d.find_element(By.ID, "status").text
                        and d.find_element(By.ID, "status").text)
    xm_id = status.split()[2]
    xm_row = '#crossmatch-jobs tr[data-job="%s"]' % xm_id
    WebDriverWait(driver, 120, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, xm_row)
        and d.find_element(By.CSS_SELECTOR, xm_row).get_attribute("data-status") in ("SUCCEEDED", "FAILED"))
    xm_text = driver.find_element(By.CSS_SELECTOR, xm_row).text
    u = unit(ra, dec)
    cos_limit = math.cos(math.radians(1 / 3600))
    pairs = sum(int((u[i:i + 500] @ u.T >= cos_limit).sum()) for i in range(0, n, 500))
    xm_job = json.loads(http("GET", QUERY + "/api/v1/crossmatch/jobs/" + xm_id)[1])
    check(xm_job["status"] == "SUCCEEDED" and xm_job["pairs"] == pairs and "{:,}".format(pairs) in xm_text,
          "the page's sky cross-match %s finished with %d pairs (brute force %d): %s" % (xm_id, xm_job["pairs"], pairs, xm_text))
    shot("6-crossmatch", "#crossmatch-jobs")

    # ---- science: the quenching answer with its cuts, numbers as the API gives them
    if GALAXIES:
        driver.get(QUERY + "/?" + urllib.parse.urlencode({"view": "science", "galaxies": GALAXIES, "voids": VOIDS,
                                                          "proxy": "dn4000", "massBins": "9,10,11,12"}))
        section = wait.until(lambda d: d.find_elements(By.ID, "quenching"))[0]
        plot = section.find_element(By.TAG_NAME, "img")
        wait.until(lambda d: js("return arguments[0].complete && arguments[0].naturalWidth > 0", plot))
        api_href = driver.find_element(By.ID, "quenching-api").get_attribute("href")
        answer = json.loads(http("GET", api_href)[1])
        first = section.find_elements(By.CSS_SELECTOR, "tbody tr")[0].find_elements(By.TAG_NAME, "td")
        check(first[1].text == "{:,}".format(answer["bins"][0]["voids"]["galaxies"])
              and first[3].text == "{:,}".format(answer["bins"][0]["walls"]["galaxies"]),
              "quenching table equals the API answer behind its link (%s)" % api_href)
        check(len(answer["bins"]) == 3, "the mass bins from the controls reached the API call")
        check(driver.find_elements(By.ID, "void-profile"), "the void-centric profile is shown")
        shot("7-science", "#quenching")

    # ---- bad input: the problem's detail is shown (the 400 is the only failed request)
    driver.get(QUERY + "/?" + urllib.parse.urlencode({"view": "cone", "catalog": CATALOG, "ra": 10, "dec": 0,
                                                      "radius": 1000}))
    err = wait.until(lambda d: d.find_elements(By.ID, "cone-error"))[0].text
    check("radius" in err and "400" in err, "a radius out of range shows the service's detail: " + err)
    shot("8-bad-input")

    # ---- catalogs: the page's 5M-row catalog deleted from its card, once its name is typed back (a prompt)
    driver.get(QUERY + "/?view=catalogs")
    delete = 'button[data-delete="%s"]' % BIG
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, delete))[0].click()
    wait.until(EC.alert_is_present()).send_keys("not_" + BIG)
    driver.switch_to.alert.accept()
    status = wait.until(lambda d: "Not deleted" in d.find_element(By.ID, "status").text and d.find_element(By.ID, "status").text)
    check(http("GET", QUERY + "/api/v1/catalogs/" + BIG)[0] == 200, "a wrong name typed back deletes nothing: " + status)
    shot("9-delete-refused", 'section.card[data-catalog="%s"]' % BIG)
    driver.find_element(By.CSS_SELECTOR, delete).click()
    wait.until(EC.alert_is_present()).send_keys(BIG)
    driver.switch_to.alert.accept()
    done = "Catalog %s deleted" % BIG
    status = wait.until(lambda d: done in d.find_element(By.ID, "status").text and d.find_element(By.ID, "status").text)
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, 'section.card[data-catalog="%s"]' % BIG))
    try:
        http("GET", QUERY + "/api/v1/catalogs/" + BIG)
        gone = False
    except urllib.error.HTTPError as e:
        gone = e.code == 404
    check(gone and "5,000,000 rows" in status, "catalog %s deleted from the page, its card gone: %s" % (BIG, status))

    # ---- accessibility: text contrast (WCAG AA: 4.5:1 for normal text) on every view, from the computed styles
    worst = []
    for view in ("catalogs", "cone", "jobs", "science"):
        driver.find_element(By.ID, "tab-" + view).click()
        time.sleep(0.5)
        worst += js("""
            const lum = c => { const v = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(x => x / 255)
                                 .map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
                               return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
            const opaque = c => !/rgba\\(.*,\\s*0\\)$/.test(c) && c !== 'transparent';
            const background = e => { for (; e; e = e.parentElement) { const b = getComputedStyle(e).backgroundColor;
                                       if (opaque(b)) return b; } return 'rgb(255, 255, 255)'; };
            const out = [];
            for (const e of document.querySelectorAll('main *, header *, footer *')) {
              if (!e.offsetParent || e.disabled || e.closest('svg') || e.closest('[disabled]')) continue;
              const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
              if (!own) continue;
              const a = lum(getComputedStyle(e).color), b = lum(background(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < 4.5) out.push(e.tagName + ' "' + e.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
            }
            return out;""")
    check(not worst, "text contrast >= 4.5:1 on all four views; below: %s" % worst[:5])

    # ---- accessibility: every control has a label
    unlabelled = js("""return Array.from(document.querySelectorAll('input, select, textarea')).filter(e =>
        !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.name || e.outerHTML)""")
    check(not unlabelled, "every form control has a label: unlabelled %s" % unlabelled)
finally:
    drain_logs()
    driver.quit()

origin = urllib.parse.urlparse(QUERY)
foreign = [u for u in requested if not u.startswith(("data:", "blob:"))
           and (urllib.parse.urlparse(u).hostname, urllib.parse.urlparse(u).port) != (origin.hostname, origin.port)]
check(len(requested) > 10 and not foreign, "%d requests, all to %s: other hosts %s" % (len(requested), QUERY, foreign[:5]))
expected_network = [e for e in console if e.get("source") == "network" and "radius=1000" in e["message"]]
errors = [e for e in console if e["level"] == "SEVERE" and e not in expected_network]
check(not errors, "no console errors: %s" % [e["message"] for e in errors][:5])
print("web-check: screenshots in " + SHOTS)
if failures:
    raise SystemExit("web-check: %d check(s) failed" % len(failures))
print("web-check: OK")
