# cmake -DIN=example.json -DOUT=installed.json -P InstalledExample.cmake: the example as installed
# in /usr/share/ejcluster/examples/, naming the schema beside it instead of the one in the source tree.
file(READ ${IN} text)
string(REPLACE "\"../src/model/desired_state.schema.json\"" "\"../desired_state.schema.json\"" text "${text}")
file(WRITE ${OUT} "${text}")
