create table if not exists users (
    id bigint auto_increment primary key,
    email varchar(320) not null unique,
    name varchar(200) not null
);
