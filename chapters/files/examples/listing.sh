# listing.sh - what ls, stat and find print for the chapter's demo directory
# (the lab's lsl example): the columns the lab copies, the fields stat -c
# and find -printf leave out or spell differently, and how find reports
# dangling links and link loops.  Normalised: /dev/null's date (DATE); the
# "total" line of ls, which depends on the file system, is left out, and
# find's lines are sorted by name.
set -eu
export LC_ALL=C
mkdir demo
printf 'hello\n' > 'demo/a b'
ln -s nowhere demo/dangling
mkdir demo/dir
mkfifo demo/fifo
: > demo/suid
chmod 4755 demo/suid
echo '$ ls -l /dev/null'
ls -l /dev/null | sed -E 's/[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{4,5}/DATE/'
echo '$ ls -goAb --time-style=+ demo'
ls -goAb --time-style=+ demo | sed 1d
echo "\$ stat -c '%A %h %s %n' demo/* /dev/null"
stat -c '%A %h %s %n' demo/* /dev/null
echo "\$ stat -c '%N: %F' demo/dangling demo/suid"
stat -c '%N: %F' demo/dangling demo/suid
echo "\$ find demo /dev/null -printf '%M %n %s %y %p\\n'"
find demo /dev/null -printf '%M %n %s %y %p\n'  | sort -k5
ln -s loop2 demo/loop1
ln -s loop1 demo/loop2
echo '$ find demo -xtype l'
find demo -xtype l 2>&1 | sort
