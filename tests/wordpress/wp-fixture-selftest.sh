#!/usr/bin/env bash
# Self-test of wp-fixture.sh: checks, against the real WordPress it brings up,
# the REST behaviour Newsdesk relies on.  Usage:
#
#   tests/wordpress/wp-fixture-selftest.sh [STATE_DIR]
#
# Runs itself under `wp-fixture.sh run`; prints "N passed, N failed".
# Needs curl and convert (imagemagick); both are installed if missing.
# shellcheck disable=SC2016  # PHP code and bash -c scripts in single quotes
set -uo pipefail

SELF_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ -z ${WP_URL-} ]]; then
  for tool in curl:curl convert:imagemagick; do
    command -v "${tool%%:*}" >/dev/null ||
      DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 \
        install --no-install-recommends "${tool#*:}" >&2 || exit 1
  done
  if [[ -n ${1-} ]]; then
    exec "$SELF_DIR/wp-fixture.sh" run "$1" -- "${BASH_SOURCE[0]}"
  fi
  state=$(mktemp -d /tmp/wp-fixture-selftest.XXXXXX)
  rc=0
  "$SELF_DIR/wp-fixture.sh" run "$state" -- "${BASH_SOURCE[0]}" || rc=$?
  rm -rf "$state"
  exit "$rc"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # check NAME COMMAND...
  local name=$1
  shift
  if "$@"; then
    echo "ok   - $name"
    passed=$((passed + 1))
  else
    echo "FAIL - $name"
    failed=$((failed + 1))
  fi
}
auth=(-u "$WP_USER:$WP_APP_PASSWORD")
json_field() { # json_field FILE KEY -> value of a top-level string/number key
  php -r '$d = json_decode(file_get_contents($argv[1]), true);
          $v = $d; foreach (explode(".", $argv[2]) as $k) { $v = $v[$k] ?? null; }
          echo is_scalar($v) ? $v : "";' "$1" "$2"
}
status() { # status OUTFILE CURL_ARGS... -> HTTP status on stdout
  local out=$1
  shift
  curl -s -o "$out" -w '%{http_code}' "$@"
}

check "HEAD / advertises the REST API" \
  bash -c 'curl -sI "$1/" | grep -qi "^link: <$1/wp-json/>; rel=\"https://api.w.org/\""' _ "$WP_URL"

check "users/me without auth is 401" \
  test "$(status "$work/anon.json" "$WP_URL/wp-json/wp/v2/users/me")" = 401

check "users/me with the application password" \
  test "$(status "$work/me.json" "${auth[@]}" "$WP_URL/wp-json/wp/v2/users/me")" = 200
check "users/me is $WP_USER" test "$(json_field "$work/me.json" slug)" = "$WP_USER"

code=$(status "$work/post.json" "${auth[@]}" -H 'Content-Type: application/json' \
  --data '{"title":"Fixture self-test","content":"<p>Grüße</p>","status":"publish"}' \
  "$WP_URL/wp-json/wp/v2/posts")
check "POST posts is 201" test "$code" = 201
link=$(json_field "$work/post.json" link)
check "post permalink is pretty and served" \
  bash -c '[[ $1 == */fixture-self-test/ ]] && [[ $(curl -s -o /dev/null -w "%{http_code}" "$1") == 200 ]]' _ "$link"

convert -size 64x48 xc:red "$work/x.jpg"
code=$(status "$work/media.json" "${auth[@]}" --data-binary "@$work/x.jpg" \
  -H 'Content-Type: image/jpeg' -H 'Content-Disposition: attachment; filename="x.jpg"' \
  "$WP_URL/wp-json/wp/v2/media")
check "POST media is 201" test "$code" = 201
src=$(json_field "$work/media.json" source_url)
check "media source_url is fetchable and identical" \
  bash -c 'curl -sf -o "$2" "$1" && cmp -s "$2" "$3"' _ "$src" "$work/got.jpg" "$work/x.jpg"

convert -size 1200x900 gradient:blue-white "$work/big.jpg"
code=$(status "$work/big.json" "${auth[@]}" --data-binary "@$work/big.jpg" \
  -H 'Content-Type: image/jpeg' -H 'Content-Disposition: attachment; filename="big.jpg"' \
  "$WP_URL/wp-json/wp/v2/media")
check "large media upload gets resized sub-sizes" \
  bash -c '[[ $1 == 201 && -n $2 ]] && [[ $(curl -s -o /dev/null -w "%{http_code}" "$2") == 200 ]]' _ \
  "$code" "$(json_field "$work/big.json" media_details.sizes.thumbnail.source_url)"

cat_body='{"name":"Fixture Politics"}'
code=$(status "$work/cat1.json" "${auth[@]}" -H 'Content-Type: application/json' \
  --data "$cat_body" "$WP_URL/wp-json/wp/v2/categories")
check "POST categories is 201" test "$code" = 201
code=$(status "$work/cat2.json" "${auth[@]}" -H 'Content-Type: application/json' \
  --data "$cat_body" "$WP_URL/wp-json/wp/v2/categories")
check "duplicate category is 400 term_exists" \
  bash -c '[[ $1 == 400 && $2 == term_exists && $3 == "$4" ]]' _ "$code" \
  "$(json_field "$work/cat2.json" code)" "$(json_field "$work/cat2.json" data.term_id)" \
  "$(json_field "$work/cat1.json" id)"

check "wp-login.php accepts WP_LOGIN_PASSWORD" \
  bash -c 'curl -s -o /dev/null -w "%{http_code} %{redirect_url}" -c "$4" \
             -b "wordpress_test_cookie=WP%20Cookie%20check" \
             --data-urlencode "log=$2" --data-urlencode "pwd=$3" -d testcookie=1 \
             "$1/wp-login.php" | grep -q "^302 $1/wp-admin/$"' _ \
  "$WP_URL" "$WP_USER" "$WP_LOGIN_PASSWORD" "$work/cookies"

echo "$passed passed, $failed failed"
((failed == 0))
