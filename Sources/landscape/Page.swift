/// The page `GET /` serves: one self-contained HTML document (styles and scripts inline, nothing
/// loaded from the network), which talks to the server only through `POST /api/<command>` and
/// `GET /api/files`. A placeholder until the explorer's panels replace it.
enum Page {
    static let html = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>landscape explorer</title>
    <style>body { font: 15px system-ui, sans-serif; margin: 2em; } pre { background: #f4f4f4; padding: 1em; }</style>
    </head>
    <body>
    <h1>landscape explorer</h1>
    <p>The files under the served folder:</p>
    <pre id="files">loading…</pre>
    <script>
    fetch("/api/files").then(r => r.json()).then(j => {
      document.getElementById("files").textContent = JSON.stringify(j, null, 2);
    });
    </script>
    </body>
    </html>

    """
}
