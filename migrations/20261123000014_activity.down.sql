drop table activity_streams;
