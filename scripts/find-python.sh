#!/usr/bin/env bash
# Print the path of a Python >= 3.12, or explain what to install and fail.
set -u
for candidate in python3.13 python3.12 python3 python; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    "$path" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
# pyenv shims may hide a suitable version behind .python-version.
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | sort -rV); do
    case "$version" in 3.1[2-9]*|3.[2-9][0-9]*)
      path="$(pyenv root)/versions/$version/bin/python3"
      [ -x "$path" ] && { echo "$path"; exit 0; } ;;
    esac
  done
fi
echo "Ouderportaal needs Python 3.12 or newer, and none was found." >&2
echo "Install it (e.g. 'apt-get install python3.12' or 'pyenv install 3.13') and run make again." >&2
exit 1
