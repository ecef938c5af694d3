#!/usr/bin/env bash
# Runs the whole SentimentWatch test suite on a fresh Debian machine with only the .NET 10 SDK:
# installs what the tests need (Debian packages listed in .ci/deps/*.apt, npm packages in .ci/deps/*.npm),
# builds, and runs every test project. Exit code 0 only when every test passed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

sudo_() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_pkgs=$(cat .ci/deps/*.apt 2>/dev/null | sed 's/#.*//' | tr -s ' \n' '\n' | sed '/^$/d' | sort -u || true)
if [ -n "$apt_pkgs" ]; then
  missing=$(for p in $apt_pkgs; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"; done)
  if [ -n "$missing" ]; then
    echo "test.sh: installing Debian packages: $(echo $missing)"
    sudo_ apt-get update -qq
    DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

npm_pkgs=$(cat .ci/deps/*.npm 2>/dev/null | sed 's/#.*//' | tr -s ' \n' '\n' | sed '/^$/d' | sort -u || true)
if [ -n "$npm_pkgs" ]; then
  mkdir -p .tools/npm
  (cd .tools/npm && [ -f package.json ] || echo '{"private":true}' > package.json)
  for p in $npm_pkgs; do
    [ -d ".tools/npm/node_modules/${p%@*}" ] || (cd .tools/npm && npm install --no-audit --no-fund --silent "$p")
  done
fi

log="$(mktemp)"
set +e
dotnet test SentimentWatch.sln -c Release --nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
# One plain closing line for the whole suite, summed over the test projects.
awk '/(Passed|Failed)!.*Failed:/ { for (i=1;i<=NF;i++) { g=$i; gsub(/,/,"",g); if ($(i-1)=="Failed:") f+=g; if ($(i-1)=="Passed:") p+=g; if ($(i-1)=="Skipped:") s+=g } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $rc
