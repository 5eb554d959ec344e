/** A minimal application that uses Lanes the way a consumer's would: it requires lanes-nn and nothing else. */
module dev.lanes.consumer {
    requires dev.lanes.nn;
}
