#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# The console in a real browser (Debian's chromium through Selenium), for
# e2e/web_console_browser: a phone-sized window (360x740) logs in, posts a
# breaking announcement and sees the screen show it (its card in the grid,
# a new thumbnail, an X screenshot that changed), removes it, posts an
# emergency and sees "seen on 2 of 2" (the lobby and the door screen),
# marks a hall full, and runs
# axe-core on every page in Persian and in English. Prints one line per
# step; exits 1 on the first failure. Never asserts a time: every wait
# has a generous bound.
#
#   console_browser.py URL USER PASSWORD AXE_JS OUTDIR
import json
import os
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

url, user, password, axe_js, out = sys.argv[1:6]
PAGES = ["/login", "/", "/announce", "/halls", "/plays"]


def browser(lang):
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=360,740",
              "--lang=" + lang):
        o.add_argument(a)
    o.add_experimental_option("prefs", {"intl.accept_languages": lang})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_window_size(360, 740)
    return d


def wait(d, what, cond, seconds=120):
    try:
        # An element of the live grid may be replaced between two calls:
        # asked again at the next poll.
        WebDriverWait(d, seconds, poll_frequency=0.5,
                      ignored_exceptions=[StaleElementReferenceException]).until(lambda _: cond())
    except Exception:
        print("FAIL: " + what)
        d.save_screenshot(os.path.join(out, "fail.png"))
        sys.exit(1)


def login(d):
    d.get(url + "/login")
    d.find_element(By.NAME, "user").send_keys(user)
    d.find_element(By.NAME, "password").send_keys(password)
    click_and_load(d, d.find_element(By.CSS_SELECTOR, "form.card button"))
    wait(d, "login", lambda: d.current_url.rstrip("/") == url)


def axe(d, lang):
    src = open(axe_js).read()
    bad = 0
    for p in PAGES:
        d.get(url + p)
        html = d.find_element(By.TAG_NAME, "html")
        if html.get_attribute("lang") != lang or not html.get_attribute("dir"):
            print("FAIL: %s in %s: lang=%s dir=%s" % (p, lang, html.get_attribute("lang"),
                                                     html.get_attribute("dir")))
            bad = 1
        d.execute_script(src)
        r = d.execute_async_script("var done = arguments[arguments.length - 1];"
                                   "axe.run(document).then(function (r) { done(r.violations); });")
        worst = [v for v in r if v.get("impact") in ("serious", "critical")]
        for v in worst:
            print("FAIL: axe %s %s: %s %s: %s" % (lang, p, v["impact"], v["id"],
                                                  [n["target"] for n in v["nodes"]][:3]))
        print("axe %s %s: %d violations, %d serious or critical" % (lang, p, len(r), len(worst)))
        bad |= bool(worst)
    return bad


def click_and_load(d, button):
    """Click a submit button and wait until its answer has replaced the page."""
    old = d.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(d, 120).until(expected_conditions.staleness_of(old))


def grid(d):
    return d.find_element(By.ID, "live").text


def thumb_src(d, name="lobby-1"):
    # One script in the page: the grid is replaced while it refreshes, so
    # elements found in one call may be gone in the next.
    return d.execute_script(
        "for (const li of document.querySelectorAll('#live li')) {"
        "  const h = li.querySelector('h2'), i = li.querySelector('img');"
        "  if (h && h.textContent.trim() === arguments[0]) return i ? i.getAttribute('src') : '';"
        "}"
        "return '';", name)


def shot(name):
    subprocess.run(["import", "-window", "root", os.path.join(out, name)], check=True)
    return open(os.path.join(out, name), "rb").read()


d = browser("fa")
login(d)
wait(d, "the screen lobby-1 in the grid", lambda: "lobby-1" in grid(d) and thumb_src(d))
before_thumb, before_shot = thumb_src(d), shot("before.png")

title = "سالن ۲ پر شد؛ به سالن ۳ بروید"
d.get(url + "/announce")
d.find_element(By.NAME, "title").send_keys(title)
Select(d.find_element(By.NAME, "priority")).select_by_value("breaking")
click_and_load(d, d.find_element(By.CSS_SELECTOR, "button[value=publish]"))
wait(d, "published", lambda: "khabar/announce/" in d.find_element(By.CLASS_NAME, "msg").text)
t0 = time.monotonic()
d.get(url + "/")
wait(d, "the screen shows the announcement (its card in the grid)", lambda: title in grid(d))
print("on screen %.1f s after publishing (its status)" % (time.monotonic() - t0))
# The screen itself, while the breaking card is on it (it stays at least
# min_dwell, and the status said it came up).
if shot("after.png") == before_shot:
    print("FAIL: the X screenshot did not change")
    sys.exit(1)
wait(d, "a new thumbnail of lobby-1 (at most one a minute)", lambda: thumb_src(d) != before_thumb, 300)
print("new thumbnail %.1f s after publishing" % (time.monotonic() - t0))

d.get(url + "/announce")
rows = [r for r in d.find_elements(By.CSS_SELECTOR, "tbody tr") if title in r.text]
if not rows:
    print("FAIL: the announcement is not in the active list")
    sys.exit(1)
click_and_load(d, rows[0].find_element(By.TAG_NAME, "button"))
d.get(url + "/announce")
wait(d, "removed from the list", lambda: title not in d.find_element(By.TAG_NAME, "main").text)
d.get(url + "/")
wait(d, "the screen no longer shows it", lambda: title not in grid(d))
print("removed")
d.save_screenshot(os.path.join(out, "console-fa.png"))

d.get(url + "/announce")
d.find_element(By.NAME, "title").send_keys("تخلیهٔ ساختمان")
Select(d.find_element(By.NAME, "priority")).select_by_value("emergency")
click_and_load(d, d.find_element(By.CSS_SELECTOR, "button[value=publish]"))
d.get(url + "/")
wait(d, "emergency seen on 2 of 2", lambda: "دیده‌شده روی ۲ از ۲" in grid(d))
print("emergency seen on 2 of 2")
shot("emergency.png")
d.get(url + "/announce")
rows = [r for r in d.find_elements(By.CSS_SELECTOR, "tbody tr") if "تخلیه" in r.text]
click_and_load(d, rows[0].find_element(By.TAG_NAME, "button"))
d.get(url + "/")
wait(d, "the emergency is over", lambda: 'id="emergency"' not in d.page_source)

d.get(url + "/halls")
wait(d, "Hall 2's keynote on the halls page", lambda: "Keynote" in d.find_element(By.TAG_NAME, "main").text)
click_and_load(d, d.find_element(By.CSS_SELECTOR, "form[action='/hall'] button"))
d.get(url + "/halls")
wait(d, "Hall 2 shown full", lambda: d.find_elements(By.CSS_SELECTOR, "th .flag"))
print("Hall 2 marked full")

bad = axe(d, "fa")
d.quit()
d = browser("en")
login(d)
bad |= axe(d, "en")
d.quit()
sys.exit(bad)
