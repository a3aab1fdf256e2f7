// node-gtfs (npm `gtfs`) importing one GTFS zip into a fresh SQLite file; prints the seconds.
import { importGtfs } from 'gtfs'

const [feed, db] = process.argv.slice(2)
const start = performance.now()
await importGtfs({ sqlitePath: db, agencies: [{ path: feed }], verbose: false })
console.log(((performance.now() - start) / 1000).toFixed(2))
