// Drives the explorer in headless Chromium: network -> actor -> relation -> claim -> article.
// Env: BASE_URL, CHROMIUM, PLAYWRIGHT_CORE (module path), OUT_DIR (screenshots),
// XSS_ACTOR (an actor whose relation's claim comes from the hostile article).
const { chromium } = require(process.env.PLAYWRIGHT_CORE);

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

async function clickNode(page, id) {
  const point = await page.evaluate((nodeId) => {
    const cy = window.claimgraphExplorer.network();
    const node = cy.getElementById(nodeId);
    const box = document.getElementById("network").getBoundingClientRect();
    const pos = node.renderedPosition();
    return { x: box.left + pos.x, y: box.top + pos.y };
  }, id);
  await page.mouse.click(point.x, point.y);
}

(async () => {
  const out = process.env.OUT_DIR;
  // a fresh profile directory: Playwright passes it to Chromium as --user-data-dir
  const browser = await chromium.launchPersistentContext(process.env.USER_DATA_DIR, {
    executablePath: process.env.CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run",
    ],
  });
  const report = {};
  try {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(process.env.BASE_URL);
    await page.waitForFunction(() => /relation/.test(document.getElementById("network-note").textContent));
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${out}/01-network.png` });

    // the strongest edge's subject: click its node in the canvas
    const graph = await (await page.request.get(`${process.env.BASE_URL}api/v1/graph?limit=5`)).json();
    const actorId = graph.edges[0].source;
    await clickNode(page, actorId);
    await page.waitForSelector(`#panel h2[data-actor="${actorId}"]`);
    await page.screenshot({ path: `${out}/02-actor.png` });

    await page.click("#panel li.rel");
    await page.waitForSelector("#panel h2[data-relation]");
    await page.waitForSelector("#panel tr.claim-row");
    await page.screenshot({ path: `${out}/03-relation.png` });

    const claimId = await page.getAttribute("#panel tr.claim-row", "data-claim");
    const claim = await (await page.request.get(`${process.env.BASE_URL}api/v1/claims/${claimId}`)).json();
    await page.click("#panel tr.claim-row");
    await page.waitForSelector("#reader:not([hidden]) mark.claim-sentence");
    const marked = await page.textContent("mark.claim-sentence");
    check(marked.trim() === claim.sentence.trim(), `highlighted sentence ${JSON.stringify(marked)} != ${JSON.stringify(claim.sentence)}`);
    const chain = await page.textContent("#reader-chain .chain-text");
    check(chain === claim.attribution_text && chain.includes("←"), `chain ${JSON.stringify(chain)}`);
    await page.screenshot({ path: `${out}/04-article.png` });
    report.claim = { sentence: marked, chain };
    await page.click("#reader-close");

    // the hostile article: found through the actor search, its text must show literally
    await page.fill("#actor-query", process.env.XSS_ACTOR);
    await page.waitForSelector("#actor-results:not([hidden]) li");
    await page.dispatchEvent("#actor-results li", "mousedown");
    await page.waitForSelector("#panel li.rel");
    await page.click("#panel li.rel");
    await page.waitForSelector("#panel tr.claim-row");
    await page.click("#panel tr.claim-row");
    await page.waitForSelector("#reader:not([hidden]) mark.claim-sentence");
    await page.waitForTimeout(300);
    const title = await page.textContent("#reader-title");
    const body = await page.textContent("#reader-text");
    check(title.includes("<script>"), `title shows the script tag literally: ${title}`);
    check(body.includes("<img src=x onerror="), "article text shows the img tag literally");
    const pwned = await page.evaluate(() => typeof window.__pwned);
    check(pwned === "undefined", `payload ran: window.__pwned is ${pwned}`);
    const injected = await page.evaluate(() => document.querySelectorAll("#reader img, #reader script, #panel img, #panel script").length);
    check(injected === 0, "no element was created from article text");
    await page.screenshot({ path: `${out}/05-hostile-article.png` });
    check(pageErrors.length === 0, `page errors: ${pageErrors.join("; ")}`);
    report.ok = true;
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report) + "\n");
})().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
