"""Web helpers the build steps and the checks share: reading and editing HTML, and serving it.

- ``html``      HTML -> text, ids and elements at their exact place in the file (a real parser);
- ``headers``   security headers, caching and MIME types per file;
- ``policy``    the Content-Security-Policy: inline code, its hashes, what no hash allows;
- ``jsstring``  the value of a JavaScript string literal (a theme bundle's stylesheet);
- ``qr``        QR codes for printed sheets, as inline SVG;
- ``serve``     a built site served over HTTP on 127.0.0.1, under its base path.
"""
