package dev.lanes.cli;

public final class LanesCli {
    public static void main(String[] args) {
    }
}
