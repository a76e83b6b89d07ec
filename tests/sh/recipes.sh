#!/bin/bash
# recipes.sh -- the README shows every recipe of tests/recipes/ verbatim.
# A line "<!-- recipe: PATH -->" in README.md must be followed by a ```sql
# block whose lines are exactly the file PATH; every file of tests/recipes/
# must be shown.  (The demo and the regression suites read the files, so
# the README's copy is the one a reader pastes, and it cannot drift.)
set -euo pipefail
cd "$(dirname "$0")/../.."
status=0
shown=""
while IFS= read -r path; do
	shown="$shown $path"
	block=$(awk -v m="<!-- recipe: $path -->" '
		$0 == m { want = 1; next }
		want && /^```sql$/ { inside = 1; want = 0; next }
		inside && /^```$/ { exit }
		inside { print }' README.md)
	if [ ! -f "$path" ]; then
		echo "recipes: FAIL: README shows $path, which does not exist" >&2
		status=1
	elif [ "$block" != "$(cat "$path")" ]; then
		echo "recipes: FAIL: README's block after <!-- recipe: $path --> differs from the file:" >&2
		diff <(printf '%s\n' "$block") "$path" | head -n 20 >&2 || true
		status=1
	fi
done < <(sed -n 's/^<!-- recipe: \(.*\) -->$/\1/p' README.md)
for f in tests/recipes/*.sql; do
	case " $shown " in
	*" $f "*) ;;
	*) echo "recipes: FAIL: $f is not shown in README.md (<!-- recipe: $f -->)" >&2; status=1 ;;
	esac
done
n=$(echo "$shown" | wc -w)
[ "$status" = 0 ] && echo "recipes: OK -- $n recipe files shown verbatim in README.md"
exit "$status"
