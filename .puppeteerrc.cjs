// Loom drives the system Chromium; never download a browser at install time.
module.exports = { skipDownload: true }
