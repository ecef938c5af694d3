#!/usr/bin/env bash
# Renders the drill sites' images (src/DrillSites/Images) from the HTML beside this script with Debian's chromium,
# qrencode and the WenQuanYi Zen Hei font (fonts-wqy-zenhei), then writes the hostile ones with make_bad.py.
set -euo pipefail
cd "$(dirname "$0")"
qrencode -s 10 -m 2 -o qr.png "https://weixin.qq.com/g/AQYAAFk2fakaoQ2026x"
for n in paper card card2 study qrpost; do
  w=$(grep -o 'width:[0-9]*px' "$n.html" | head -1 | grep -o '[0-9]*')
  h=$(grep -o 'height:[0-9]*px' "$n.html" | head -1 | grep -o '[0-9]*')
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run \
    --hide-scrollbars --screenshot="$PWD/$n.png" --window-size="$w,$h" "file://$PWD/$n.html" >/dev/null 2>&1
done
python3 make_bad.py
cp paper.png card.png card2.png study.png qrpost.png bomb.png truncated.png notimage.png animated.gif ../../src/DrillSites/Images/
rm -f ./*.png ./*.gif
