drop table bookmarks;
drop table bookmark_folders;
