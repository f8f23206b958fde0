#!/usr/bin/env bash
# Debian packages the project uses beyond Python: tesseract (OCR of scanned PDFs, in the six UN
# languages) and Chromium with its driver (browser tests). Installed when we are root on a
# Debian-like system; otherwise the missing ones are named and the run goes on without them.
set -u
packages=(tesseract-ocr tesseract-ocr-ara tesseract-ocr-chi-sim tesseract-ocr-fra tesseract-ocr-rus
          tesseract-ocr-spa chromium chromium-driver fonts-noto-core fonts-noto-cjk)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "warning: could not install ${missing[*]}; OCR and browser tests will be skipped" >&2
else
  echo "note: not installed: ${missing[*]} (OCR of scanned PDFs and browser tests need them;" \
       "install them with your package manager)" >&2
fi
exit 0
