package io.dockyard.hosts;

/** Whether an event is routine ({@code Normal}) or needs someone's attention ({@code Warning}). */
public enum HostEventType {
    Normal, Warning
}
